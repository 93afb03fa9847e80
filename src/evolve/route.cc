#include "evolve/route.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

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

}  // namespace

size_t DefaultMinSupport(size_t analyzed) {
  double k = std::round(std::sqrt(static_cast<double>(analyzed)) / 3.0);
  return std::max<size_t>(1, static_cast<size_t>(k));
}

RouteResult RouteLowSupport(const Skill& seed, std::vector<Edit> edits, size_t k, bool route,
                            Fates* fates) {
  RouteResult r;
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
      groups[Title(e.section)].push_back(&e);
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
  size_t n = 0;
  for (const auto& [title, members] : groups) {
    // A name the skill does not use yet, so nothing is overwritten.
    std::string file = fmt::format("references/lessons-{}.md", Slug(title));
    for (int i = 2; seed.Find(file) != nullptr; ++i) {
      file = fmt::format("references/lessons-{}-{}.md", Slug(title), i);
    }
    Edit create;
    create.id = fmt::format("route-e{}", ++n);
    create.op = EditOp::kCreateFile;
    create.op_name = "create_file";
    create.file = file;
    create.sources = UnionOfSources(members);
    create.content = fmt::format(
        "# Less frequent lessons: {}\n\nEach was seen in fewer than {} of the analysed "
        "trajectories, so it is kept here rather than in SKILL.md until more runs confirm it.\n",
        title, k);
    for (size_t i = 0; i < members.size(); ++i) {
      const Edit& e = *members[i];
      std::string heading = e.op == EditOp::kAddSection ? Title(e.section) : fmt::format("Lesson {}", i + 1);
      create.content += fmt::format("\n## {} (support {}: {})\n\n{}\n", heading, Support(e),
                                    Shown(e.sources), e.content);
      while (create.content.size() >= 2 && create.content.substr(create.content.size() - 2) == "\n\n")
        create.content.pop_back();
      fates->Edit({e.id, "routed", create.id,
                   fmt::format("support {} is below --min-support {}", Support(e), k), "route",
                   e.sources});
      ++r.routed;
      all_routed.push_back(&e);
    }
    links += fmt::format("- [{}]({}): {} lesson{} seen in fewer than {} trajectories\n", title, file,
                         members.size(), members.size() == 1 ? "" : "s", k);
    r.edits.push_back(std::move(create));
  }
  // One SKILL.md section links them all (added, or extended on a skill
  // that has one from an earlier run).
  Edit link;
  link.id = "route-e0";
  link.file = kSkillFile;
  link.sources = UnionOfSources(all_routed);
  FileView view(std::string(kSkillFile), seed.Find(kSkillFile) ? *seed.Find(kSkillFile) : "");
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
  r.edits.push_back(std::move(link));
  return r;
}

}  // namespace t2s
