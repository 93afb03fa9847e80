// Frontmatter rules of the agentskills.io specification.
#include <fmt/format.h>

#include <array>

#include "base/text.h"
#include "skill/frontmatter.h"
#include "skill/validate_rules.h"

namespace t2s {
namespace {

constexpr std::array<std::string_view, 6> kAllowedKeys = {
    "name", "description", "license", "allowed-tools", "metadata", "compatibility"};
constexpr size_t kMaxName = 64;
constexpr size_t kMaxDescription = 1024;
constexpr size_t kMaxCompatibility = 500;

class Reporter {
 public:
  explicit Reporter(std::vector<Finding>* out) : out_(out) {}
  void Error(size_t line, std::string rule, std::string message) {
    out_->push_back(
        {std::string(kSkillFile), line, Severity::kError, std::move(rule), std::move(message)});
  }

 private:
  std::vector<Finding>* out_;
};

const char* KindName(YamlKind kind) {
  switch (kind) {
    case YamlKind::kNull:
      return "nothing";
    case YamlKind::kScalar:
      return "a string";
    case YamlKind::kSequence:
      return "a list";
    case YamlKind::kMap:
      return "a mapping";
  }
  return "?";
}

// A key that must hold a string; returns it, or reports and returns nullptr.
const FrontMatterEntry* StringKey(const FrontMatter& fm, std::string_view key, bool required,
                                  Reporter* report) {
  const FrontMatterEntry* e = fm.Get(key);
  if (e == nullptr) {
    if (required) {
      report->Error(2, fmt::format("{}-required", key),
                    fmt::format("missing required key \"{}\"", key));
    }
    return nullptr;
  }
  if (e->kind != YamlKind::kScalar) {
    report->Error(e->line, "frontmatter-type",
                  fmt::format("\"{}\" must be a string, got {}", key, KindName(e->kind)));
    return nullptr;
  }
  return e;
}

// What is wrong with a skill name: (rule, message) pairs.
std::vector<std::pair<const char*, std::string>> NameProblems(const std::string& name) {
  std::vector<std::pair<const char*, std::string>> out;
  if (name.empty() || name.size() > kMaxName) {
    out.emplace_back("name-length", fmt::format("name \"{}\" has {} characters; 1 to {} are allowed",
                                                name, Utf8Length(name), kMaxName));
  }
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
      out.emplace_back("name-charset",
                       fmt::format("name \"{}\" may hold only lowercase letters a-z, digits and '-'",
                                   name));
      break;
    }
  }
  if (!name.empty() && (name.front() == '-' || name.back() == '-')) {
    out.emplace_back("name-hyphens", fmt::format("name \"{}\" must not start or end with '-'", name));
  } else if (name.find("--") != std::string::npos) {
    out.emplace_back("name-hyphens", fmt::format("name \"{}\" must not contain \"--\"", name));
  }
  return out;
}

void CheckName(const FrontMatterEntry& e, const std::string& expected, Reporter* report) {
  const std::string& name = e.scalar;
  for (const auto& [rule, message] : NameProblems(name)) report->Error(e.line, rule, message);
  if (!expected.empty() && name != expected) {
    report->Error(
        e.line, "name-folder",
        fmt::format("name \"{}\" must equal the skill's folder name \"{}\"", name, expected));
  }
}

void CheckDescription(const FrontMatterEntry& e, Reporter* report) {
  size_t length = Utf8Length(e.scalar);
  if (Trim(e.scalar).empty() || length > kMaxDescription) {
    report->Error(
        e.line, "description-length",
        fmt::format("description has {} characters; 1 to {} are allowed", length, kMaxDescription));
  }
  if (e.scalar.find_first_of("<>") != std::string::npos) {
    report->Error(e.line, "description-angle-brackets", "description must not contain '<' or '>'");
  }
}

void CheckMetadata(const FrontMatterEntry& e, Reporter* report) {
  if (e.kind != YamlKind::kMap) {
    report->Error(
        e.line, "metadata-type",
        fmt::format("\"metadata\" must map strings to strings, got {}", KindName(e.kind)));
    return;
  }
  for (const FrontMatterEntry& child : e.children) {
    if (child.kind != YamlKind::kScalar) {
      report->Error(
          child.line, "metadata-type",
          fmt::format("metadata \"{}\" must be a string, got {}", child.key, KindName(child.kind)));
    }
  }
}

// The specification takes a space-separated string or a list of strings.
void CheckAllowedTools(const FrontMatterEntry& e, Reporter* report) {
  if (e.kind == YamlKind::kScalar) return;
  if (e.kind != YamlKind::kSequence) {
    report->Error(e.line, "frontmatter-type",
                  fmt::format("\"allowed-tools\" must be a string or a list of strings, got {}",
                              KindName(e.kind)));
    return;
  }
  for (const FrontMatterEntry& item : e.children) {
    if (item.kind != YamlKind::kScalar) {
      report->Error(
          item.line, "frontmatter-type",
          fmt::format("\"allowed-tools\" items must be strings, got {}", KindName(item.kind)));
    }
  }
}

}  // namespace

void CheckFrontMatterRules(const Skill& skill, const ValidateOptions& options,
                           std::vector<Finding>* out) {
  Reporter report(out);
  const std::string* text = skill.Find(kSkillFile);
  if (text == nullptr) {
    out->push_back(
        {std::string(kSkillFile), 0, Severity::kError, "skill-file", "missing SKILL.md"});
    return;
  }
  FrontMatterBlock block = LocateFrontMatter(*text);
  if (!block.present) {
    report.Error(1, "frontmatter-missing",
                 "missing YAML frontmatter (the file must start with a \"---\" line)");
    return;
  }
  if (!block.closed) {
    report.Error(1, "frontmatter-unclosed",
                 "frontmatter is not closed (expected a \"---\" line after it)");
    return;
  }
  FrontMatterError error;
  std::optional<FrontMatter> fm = ParseFrontMatterYaml(
      std::string_view(*text).substr(block.yaml_begin, block.yaml_end - block.yaml_begin),
      block.yaml_first_line, &error);
  if (!fm) {
    report.Error(error.line, "frontmatter-yaml", error.what);
    return;
  }
  for (const FrontMatterEntry& e : fm->entries) {
    bool allowed = false;
    for (std::string_view k : kAllowedKeys) allowed = allowed || e.key == k;
    if (!allowed) {
      report.Error(
          e.line, "frontmatter-key",
          fmt::format("unknown frontmatter key \"{}\" (allowed: name, description, license, "
                      "allowed-tools, metadata, compatibility)",
                      e.key));
    }
  }
  std::string expected = options.expected_name.empty() ? skill.folder_name : options.expected_name;
  if (const FrontMatterEntry* e = StringKey(*fm, "name", true, &report))
    CheckName(*e, expected, &report);
  if (const FrontMatterEntry* e = StringKey(*fm, "description", true, &report)) {
    CheckDescription(*e, &report);
  }
  if (const FrontMatterEntry* e = StringKey(*fm, "compatibility", false, &report)) {
    if (Utf8Length(e->scalar) > kMaxCompatibility) {
      report.Error(e->line, "compatibility-length",
                   fmt::format("compatibility has {} characters; at most {} are allowed",
                               Utf8Length(e->scalar), kMaxCompatibility));
    }
  }
  (void)StringKey(*fm, "license", false, &report);
  if (const FrontMatterEntry* e = fm->Get("allowed-tools")) CheckAllowedTools(*e, &report);
  if (const FrontMatterEntry* e = fm->Get("metadata")) CheckMetadata(*e, &report);
}

Status CheckSkillName(const std::string& name) {
  auto problems = NameProblems(name);
  return problems.empty() ? Status::Ok() : Status::InvalidArgument(problems.front().second);
}

}  // namespace t2s
