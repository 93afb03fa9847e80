#include "skill/section_map.h"

#include <fmt/format.h>

#include "base/text.h"

namespace t2s {

std::string NormalizeHeadingTitle(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : Trim(s)) {
    if (c == ' ' || c == '\t') {
      space = true;
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

HeadingRef ParseHeadingRef(std::string_view ref) {
  std::string_view s = Trim(ref);
  HeadingRef out;
  size_t hashes = 0;
  while (hashes < s.size() && s[hashes] == '#') ++hashes;
  if (hashes >= 1 && hashes <= 6 && (hashes == s.size() || s[hashes] == ' ' || s[hashes] == '\t')) {
    out.level = static_cast<int>(hashes);
    s.remove_prefix(hashes);
  }
  out.title = NormalizeHeadingTitle(s);
  return out;
}

std::string FormatHeadingRef(const HeadingRef& ref) {
  if (ref.level == 0) return ref.title;
  return fmt::format("{} {}", std::string(static_cast<size_t>(ref.level), '#'), ref.title);
}

SectionMap::SectionMap(const std::vector<MdHeading>& headings, size_t line_count) {
  sections_.reserve(headings.size());
  for (size_t i = 0; i < headings.size(); ++i) {
    Section s;
    s.heading = headings[i];
    s.body_end_line = i + 1 < headings.size() ? headings[i + 1].line : line_count;
    s.end_line = line_count;
    for (size_t j = i + 1; j < headings.size(); ++j) {
      if (headings[j].level <= headings[i].level) {
        s.end_line = headings[j].line;
        break;
      }
    }
    sections_.push_back(std::move(s));
  }
}

std::vector<const Section*> SectionMap::FindAll(const HeadingRef& ref) const {
  std::vector<const Section*> hits;
  for (const Section& s : sections_) {
    if (ref.level != 0 && s.heading.level != ref.level) continue;
    if (NormalizeHeadingTitle(s.heading.title) == ref.title) hits.push_back(&s);
  }
  return hits;
}

Result<const Section*> SectionMap::Find(std::string_view ref, std::string_view file) const {
  HeadingRef parsed = ParseHeadingRef(ref);
  std::vector<const Section*> hits = FindAll(parsed);
  if (hits.empty()) {
    return Status::NotFound(
        fmt::format("section \"{}\" not found in {}", FormatHeadingRef(parsed), file));
  }
  if (hits.size() > 1) {
    std::string lines;
    for (const Section* s : hits) {
      if (!lines.empty()) lines += ", ";
      lines += std::to_string(s->heading.line + 1);
    }
    return Status::FailedPrecondition(
        fmt::format("section \"{}\" matches {} headings in {} (lines {})", FormatHeadingRef(parsed),
                    hits.size(), file, lines));
  }
  return hits.front();
}

}  // namespace t2s
