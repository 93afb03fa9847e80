#include "evolve/merged_edit_check.h"

#include <fmt/format.h>

#include <set>
#include <string_view>

#include "base/text.h"

namespace t2s {
namespace {

// Words too common to show that two texts speak of the same thing.
constexpr std::string_view kFunctionWords[] = {
    "about", "after", "also",  "been",  "before", "does",  "each",   "from", "have", "into",
    "just",  "more",  "most",  "must",  "only",   "other", "should", "some", "such", "than",
    "that",  "their", "them",  "then",  "there",  "they",  "this",   "very", "were", "what",
    "when",  "where", "which", "while", "will",   "with",  "would",  "your",
};

bool IsWordByte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c >= 0x80;
}

std::set<std::string> KeyWords(std::string_view text) {
  std::set<std::string> words;
  size_t i = 0;
  while (i < text.size()) {
    if (!IsWordByte(static_cast<unsigned char>(text[i]))) {
      ++i;
      continue;
    }
    std::string word;
    for (; i < text.size() && IsWordByte(static_cast<unsigned char>(text[i])); ++i) {
      char c = text[i];
      word += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    if (word.size() < 4) continue;
    bool common = false;
    for (std::string_view f : kFunctionWords) common = common || f == word;
    if (!common) words.insert(std::move(word));
  }
  return words;
}

}  // namespace

Status CheckMergedEditWellFormed(const Edit& merged) {
  if (merged.problem.empty()) return Status::Ok();
  return Status::FailedPrecondition("malformed: " + merged.problem);
}

Status CheckMergedEditApplies(const Skill& s0, const Edit& merged, const ApplyOptions& options) {
  T2S_RETURN_IF_ERROR(CheckMergedEditWellFormed(merged));
  // A new reference file needs a link from SKILL.md somewhere in the final
  // patch; give it one in a private copy so that only this edit is judged.
  const Skill* base = &s0;
  Skill linked;
  bool new_reference = merged.op == EditOp::kCreateFile &&
                       merged.file.rfind("references/", 0) == 0 && s0.Find(merged.file) == nullptr;
  if (new_reference && s0.Find(kSkillFile) != nullptr) {
    linked = s0;
    linked.files[std::string(kSkillFile)] += fmt::format("\n\n[reference]({})\n", merged.file);
    base = &linked;
  }
  Patch one;
  one.edits.push_back(merged);
  ApplyResult result = ApplyPatch(*base, one, options);
  if (result.outcomes.empty() || !result.outcomes.front().applied) {
    std::string reason = result.outcomes.empty() ? "no outcome" : result.outcomes.front().reason;
    return Status::FailedPrecondition("does not apply to S0: " + reason);
  }
  return Status::Ok();
}

Status CheckMergedEditCarries(const Edit& merged, const std::vector<ClaimedInput>& claimed) {
  bool empty = IsBlank(merged.content);
  std::set<std::string> out_words = KeyWords(merged.content);
  for (const ClaimedInput& in : claimed) {
    if (in.edit == nullptr || IsBlank(in.edit->content)) continue;
    if (empty) {
      return Status::FailedPrecondition(
          fmt::format("its content is empty but {}'s is not", in.name));
    }
    std::set<std::string> in_words = KeyWords(in.edit->content);
    if (in_words.empty()) continue;
    size_t shared = 0;
    for (const std::string& w : in_words) shared += out_words.count(w);
    if (shared == 0) {
      return Status::FailedPrecondition(
          fmt::format("its content shares no word with {}'s", in.name));
    }
    // A third of the input's key words, half when the input aimed elsewhere.
    bool elsewhere = in.edit->file != merged.file ||
                     (!in.edit->section.empty() && !merged.section.empty() &&
                      in.edit->section != merged.section);
    size_t needed = elsewhere ? (in_words.size() + 1) / 2 : (in_words.size() + 2) / 3;
    if (shared < needed) {
      return Status::FailedPrecondition(fmt::format(
          "its content carries {} of the {} key words of {}{} (needs {})", shared, in_words.size(),
          in.name, elsewhere ? ", which aimed elsewhere" : "", needed));
    }
  }
  return Status::Ok();
}

Status VerifyMergedEdit(const Skill& s0, const Edit& merged,
                        const std::vector<ClaimedInput>& claimed, const ApplyOptions& options) {
  T2S_RETURN_IF_ERROR(CheckMergedEditApplies(s0, merged, options));
  return CheckMergedEditCarries(merged, claimed);
}

}  // namespace t2s
