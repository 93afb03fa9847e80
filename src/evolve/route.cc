#include "evolve/route.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "base/text.h"
#include "skill/file_view.h"

namespace t2s {
namespace {

bool AddsText(EditOp op) {
  return op == EditOp::kAddSection || op == EditOp::kAppendToSection ||
         op == EditOp::kInsertAfter || op == EditOp::kInsertBefore;
}

// "## Booking changes" -> "booking-changes"; "" -> "general".
std::string Slug(const std::string& heading) {
  std::string slug;
  for (char c : heading) {
    unsigned char u = static_cast<unsigned char>(c);
    if (std::isalnum(u) && u < 0x80) {
      slug += static_cast<char>(std::tolower(u));
    } else if (!slug.empty() && slug.back() != '-') {
      slug += '-';
    }
    if (slug.size() >= 40) break;
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  return slug.empty() ? "general" : slug;
}

// "## Booking changes" -> "Booking changes".
std::string Title(const std::string& heading) {
  size_t start = heading.find_first_not_of("# ");
  return start == std::string::npos ? "General" : heading.substr(start);
}

std::vector<std::string> UnionOfSources(const std::vector<const Edit*>& edits) {
  std::set<std::string> all;
  for (const Edit* e : edits) all.insert(e->sources.begin(), e->sources.end());
  return {all.begin(), all.end()};
}

std::string Shown(const std::vector<std::string>& ids) {
  if (ids.size() <= 5) return fmt::format("{}", fmt::join(ids, ", "));
  return fmt::format("{}, and {} more",
                     fmt::join(std::vector<std::string>(ids.begin(), ids.begin() + 5), ", "),
                     ids.size() - 5);
}

// The section an edit would have touched: its own, else the one holding
// its anchor in S0's SKILL.md, else "" (general).
std::string SectionOf(const Edit& e, const FileView& view, const std::string* md) {
  if (!e.section.empty() || e.anchor.empty() || md == nullptr) return e.section;
  size_t at = md->find(e.anchor);
  if (at == std::string::npos) return "";
  size_t line = static_cast<size_t>(std::count(md->begin(), md->begin() + static_cast<long>(at), '\n'));
  const Section* inner = nullptr;
  for (const Section& s : view.sections().sections()) {
    if (s.heading.line <= line && line < s.end_line) inner = &s;  // later ones are nested deeper
  }
  return inner == nullptr ? "" : std::string(static_cast<size_t>(inner->heading.level), '#') + " " +
                                     inner->heading.title;
}

// Relative link targets in routed text are relative to SKILL.md; the text
// now lives in references/, one folder down: "](references/x.md)" becomes
// "](../references/x.md)".
std::string RebaseLinks(const std::string& text) {
  std::string out;
  size_t i = 0;
  while (true) {
    size_t at = text.find("](", i);
    if (at == std::string::npos) break;
    out.append(text, i, at + 2 - i);
    i = at + 2;
    std::string_view rest(text.data() + i, text.size() - i);
    bool absolute = rest.empty() || rest[0] == '#' || rest[0] == '/' || rest[0] == '<' ||
                    rest.find("://") < rest.find(')') || rest.rfind("mailto:", 0) == 0;
    if (!absolute) out += "../";
  }
  out.append(text, i, std::string::npos);
  return out;
}

}  // namespace

size_t DefaultMinSupport(size_t analyzed) {
  double k = std::round(std::sqrt(static_cast<double>(analyzed)) / 3.0);
  return std::max<size_t>(1, static_cast<size_t>(k));
}

RouteResult RouteLowSupport(const Skill& seed, std::vector<Edit> edits, size_t k, bool route,
                            Fates* fates, size_t max_file_lines) {
  RouteResult r;
  const std::string* md = seed.Find(kSkillFile);
  FileView view(std::string(kSkillFile), md != nullptr ? *md : "");
  // Section title -> the edits routed there, in patch order.
  std::map<std::string, std::vector<const Edit*>> groups;
  std::vector<Edit> low;
  for (Edit& e : edits) {
    if (e.file != kSkillFile || Support(e) >= k) {
      r.edits.push_back(std::move(e));
    } else {
      low.push_back(std::move(e));
    }
  }
  for (const Edit& e : low) {
    if (route && AddsText(e.op)) {
      groups[Title(SectionOf(e, view, md))].push_back(&e);
      continue;
    }
    std::string why =
        route ? fmt::format("support {} is below --min-support {}; only additions are routed to "
                            "references/",
                            Support(e), k)
              : fmt::format("support {} is below --min-support {} (routing is off: --no-route)",
                            Support(e), k);
    fates->Edit({e.id, "dropped", "", why, "route", e.sources});
    ++r.dropped;
  }
  if (groups.empty()) return r;

  std::string links;
  std::vector<const Edit*> all_routed;
  std::vector<Edit> routing;
  std::set<std::string> taken;
  auto fresh_name = [&](const std::string& slug) {
    // A name the skill does not use yet, so nothing is overwritten.
    std::string file = fmt::format("references/lessons-{}.md", slug);
    for (int i = 2; seed.Find(file) != nullptr || taken.count(file) != 0; ++i) {
      file = fmt::format("references/lessons-{}-{}.md", slug, i);
    }
    taken.insert(file);
    return file;
  };
  for (const auto& [title, members] : groups) {
    // One file per section, split so that no file is over its line budget.
    std::vector<std::pair<Edit, size_t>> files;  // the create_file, its lesson count
    for (size_t i = 0; i < members.size(); ++i) {
      const Edit& e = *members[i];
      std::string heading =
          e.op == EditOp::kAddSection ? Title(e.section) : fmt::format("Lesson {}", i + 1);
      std::string lesson = fmt::format("\n## {} (support {}: {})\n\n{}\n", heading, Support(e),
                                       Shown(e.sources), RebaseLinks(e.content));
      while (lesson.size() >= 2 && lesson.compare(lesson.size() - 2, 2, "\n\n") == 0) lesson.pop_back();
      if (files.empty() ||
          (files.back().second > 0 &&
           CountLines(files.back().first.content) + CountLines(lesson) > max_file_lines)) {
        Edit create;
        create.id = fmt::format("route-e{}", routing.size() + files.size() + 1);
        create.op = EditOp::kCreateFile;
        create.op_name = "create_file";
        create.file = fresh_name(Slug(title));
        create.content = fmt::format(
            "# Less frequent lessons: {}\n\nEach was seen in fewer than {} of the analysed "
            "trajectories, so it is kept here rather than in SKILL.md until more runs confirm "
            "it.\n",
            title, k);
        files.push_back({std::move(create), 0});
      }
      Edit& create = files.back().first;
      create.content += lesson;
      create.sources.insert(create.sources.end(), e.sources.begin(), e.sources.end());
      ++files.back().second;
      fates->Edit({e.id, "routed", create.id,
                   fmt::format("support {} is below --min-support {}", Support(e), k), "route",
                   e.sources});
      ++r.routed;
      all_routed.push_back(&e);
    }
    for (auto& [create, count] : files) {
      std::set<std::string> unique(create.sources.begin(), create.sources.end());
      create.sources.assign(unique.begin(), unique.end());
      links += fmt::format("- [{}]({}): {} lesson{} seen in fewer than {} trajectories\n", title,
                           create.file, count, count == 1 ? "" : "s", k);
      routing.push_back(std::move(create));
    }
  }
  // Files the kept edits create that only routed lessons link: SKILL.md
  // links them too, so that they stay reachable.
  for (const Edit& e : r.edits) {
    if (e.op != EditOp::kCreateFile || e.file.rfind("references/", 0) != 0) continue;
    bool linked_by_routed = false;
    for (const Edit* routed : all_routed) {
      linked_by_routed = linked_by_routed || routed->content.find("(" + e.file) != std::string::npos;
    }
    if (linked_by_routed) links += fmt::format("- [{0}]({0}): linked from the lessons above\n", e.file);
  }
  // One SKILL.md section links them all (added, or extended on a skill
  // that has one from an earlier run).
  Edit link;
  link.id = "route-e0";
  link.file = kSkillFile;
  link.sources = UnionOfSources(all_routed);
  bool has_section = false;
  for (const Section& s : view.sections().sections()) {
    if (s.heading.level == 2 && "## " + s.heading.title == kRoutedHeading) has_section = true;
  }
  if (has_section) {
    link.op = EditOp::kAppendToSection;
    link.op_name = "append_to_section";
    link.content = links;
  } else {
    link.op = EditOp::kAddSection;
    link.op_name = "add_section";
    link.content = "Rarer observations, each with the trajectories behind it:\n\n" + links;
  }
  link.section = kRoutedHeading;
  routing.push_back(std::move(link));
  r.routing = std::move(routing);
  return r;
}

}  // namespace t2s
