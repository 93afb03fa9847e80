#include "evolve/restructure_check.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <string_view>

#include "base/text.h"
#include "evolve/moved_text.h"
#include "skill/frontmatter.h"

namespace t2s {
namespace {

constexpr size_t kShownLines = 3;
constexpr size_t kShownBytes = 80;

bool IsBinary(const std::string& text) { return text.find('\0') != std::string::npos; }

// At most kShownBytes of `s`, cut on a UTF-8 character boundary, "..." when cut.
std::string Shown(std::string_view s) {
  if (s.size() <= kShownBytes) return std::string(s);
  size_t end = kShownBytes;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return std::string(s.substr(0, end)) + "...";
}

// The frontmatter block's lines ("---" fences included); none without one.
std::vector<std::string_view> FrontMatterLines(const Skill& skill) {
  const std::string* text = skill.Find(kSkillFile);
  if (text == nullptr) return {};
  FrontMatterBlock block = LocateFrontMatter(*text);
  if (!block.present) return {};
  std::vector<std::string_view> lines = SplitLines(*text);
  lines.resize(std::min(lines.size(), block.body_first_line));
  return lines;
}

Status CheckFrontMatter(const Skill& before, const Skill& after) {
  std::vector<std::string_view> was = FrontMatterLines(before);
  std::vector<std::string_view> now = FrontMatterLines(after);
  for (size_t i = 0; i < std::max(was.size(), now.size()); ++i) {
    if (i < was.size() && i < now.size() && was[i] == now[i]) continue;
    std::string change = i >= now.size() ? fmt::format("\"{}\" was removed", Shown(was[i]))
                         : i >= was.size()
                             ? fmt::format("\"{}\" was added", Shown(now[i]))
                             : fmt::format("\"{}\" became \"{}\"", Shown(was[i]), Shown(now[i]));
    return Status::FailedPrecondition(fmt::format(
        "restructure changed SKILL.md's frontmatter at {}:{}: {}", kSkillFile, i + 1, change));
  }
  return Status::Ok();
}

// `before`'s files in report order: SKILL.md first, then by path.
std::vector<const std::pair<const std::string, std::string>*> ReportOrder(const Skill& before) {
  std::vector<const std::pair<const std::string, std::string>*> out;
  for (const auto& entry : before.files) {
    if (entry.first == kSkillFile) {
      out.insert(out.begin(), &entry);
    } else {
      out.push_back(&entry);
    }
  }
  return out;
}

}  // namespace

std::vector<LostLine> LostLines(const Skill& before, const Skill& after) {
  auto unchanged = [&](const std::string& path, const std::string& text) {
    const std::string* kept = after.Find(path);
    return kept != nullptr && *kept == text;
  };
  // The lines `after` offers, by key; a file kept whole offers nothing (it
  // answers only for itself).
  std::map<std::string, size_t> offered;
  for (const auto& [path, text] : after.files) {
    const std::string* was = before.Find(path);
    if ((was != nullptr && *was == text) || IsBinary(text)) continue;
    for (std::string_view line : SplitLines(text)) {
      if (!IsBlank(line)) ++offered[MovedLineKey(line)];
    }
  }
  std::vector<LostLine> lost;
  for (const auto* entry : ReportOrder(before)) {
    const auto& [path, text] = *entry;
    if (unchanged(path, text)) continue;
    if (IsBinary(text)) {
      lost.push_back({path, 0, ""});
      continue;
    }
    std::vector<std::string_view> lines = SplitLines(text);
    for (size_t i = 0; i < lines.size(); ++i) {
      if (IsBlank(lines[i])) continue;
      auto it = offered.find(MovedLineKey(lines[i]));
      if (it != offered.end() && it->second > 0) {
        --it->second;
      } else {
        lost.push_back({path, i + 1, std::string(Trim(lines[i]))});
      }
    }
  }
  return lost;
}

Status CheckRestructure(const Skill& before, const Skill& after) {
  T2S_RETURN_IF_ERROR(CheckFrontMatter(before, after));
  std::vector<LostLine> lost = LostLines(before, after);
  if (lost.empty()) return Status::Ok();
  std::vector<std::string> shown;
  for (size_t i = 0; i < std::min(lost.size(), kShownLines); ++i) {
    const LostLine& l = lost[i];
    shown.push_back(l.line == 0 ? fmt::format("{} (binary file)", l.file)
                                : fmt::format("{}:{} \"{}\"", l.file, l.line, Shown(l.text)));
  }
  std::string list;
  for (const std::string& s : shown) list += (list.empty() ? "" : ", ") + s;
  return Status::FailedPrecondition(fmt::format("restructure dropped {} line{}, first {}",
                                                lost.size(), lost.size() == 1 ? "" : "s", list));
}

}  // namespace t2s
