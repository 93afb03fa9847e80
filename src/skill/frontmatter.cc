#include "skill/frontmatter.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "base/line_index.h"
#include "base/text.h"

namespace t2s {

static bool IsFenceLine(std::string_view line, std::string_view fence) {
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
  return line == fence;
}

FrontMatterBlock LocateFrontMatter(std::string_view text) {
  FrontMatterBlock block;
  size_t skip = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  LineIndex lines(text);
  if (lines.line_count() == 0) return block;
  std::string_view first = lines.Line(0).substr(skip);
  if (!IsFenceLine(first, "---")) return block;
  block.present = true;
  block.yaml_begin = lines.LineEnd(0);
  block.yaml_first_line = 2;
  for (size_t i = 1; i < lines.line_count(); ++i) {
    std::string_view line = lines.Line(i);
    if (IsFenceLine(line, "---") || IsFenceLine(line, "...")) {
      block.closed = true;
      block.yaml_end = lines.LineStart(i);
      block.body_begin = lines.LineEnd(i);
      block.body_first_line = i + 1;
      return block;
    }
  }
  block.yaml_end = text.size();
  block.body_begin = text.size();
  block.body_first_line = lines.line_count();
  return block;
}

const FrontMatterEntry* FrontMatter::Get(std::string_view key) const {
  for (const FrontMatterEntry& e : entries) {
    if (e.key == key) return &e;
  }
  return nullptr;
}

std::optional<std::string> FrontMatter::Scalar(std::string_view key) const {
  const FrontMatterEntry* e = Get(key);
  if (e == nullptr || e->kind != YamlKind::kScalar) return std::nullopt;
  return e->scalar;
}

static const char* KindName(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Sequence:
      return "a sequence";
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Scalar:
      return "a scalar";
    default:
      return "nothing";
  }
}

static FrontMatterEntry ToEntry(const std::string& key, const YAML::Node& value,
                                size_t line_offset) {
  FrontMatterEntry entry;
  entry.key = key;
  entry.line = static_cast<size_t>(value.Mark().line) + line_offset;
  switch (value.Type()) {
    case YAML::NodeType::Scalar:
      entry.kind = YamlKind::kScalar;
      entry.scalar = value.Scalar();
      break;
    case YAML::NodeType::Sequence:
      entry.kind = YamlKind::kSequence;
      for (const auto& item : value) entry.children.push_back(ToEntry("", item, line_offset));
      break;
    case YAML::NodeType::Map:
      entry.kind = YamlKind::kMap;
      for (const auto& kv : value) {
        FrontMatterEntry child = ToEntry(kv.first.Scalar(), kv.second, line_offset);
        child.line = static_cast<size_t>(kv.first.Mark().line) + line_offset;
        entry.children.push_back(std::move(child));
      }
      break;
    default:
      entry.kind = YamlKind::kNull;
      break;
  }
  return entry;
}

std::optional<FrontMatter> ParseFrontMatterYaml(std::string_view yaml, size_t first_line,
                                                FrontMatterError* error) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::Exception& e) {
    error->line = static_cast<size_t>(e.mark.line < 0 ? 0 : e.mark.line) + first_line;
    error->what = fmt::format("invalid YAML frontmatter: {}", e.msg);
    return std::nullopt;
  }
  FrontMatter fm;
  if (root.IsNull()) return fm;
  if (!root.IsMap()) {
    error->line = first_line;
    error->what = fmt::format("frontmatter must be a mapping of keys, got {}", KindName(root));
    return std::nullopt;
  }
  try {
    for (const auto& kv : root) {
      FrontMatterEntry entry = ToEntry(kv.first.Scalar(), kv.second, first_line);
      entry.line = static_cast<size_t>(kv.first.Mark().line) + first_line;
      fm.entries.push_back(std::move(entry));
    }
  } catch (const YAML::Exception& e) {
    error->line = first_line;
    error->what = fmt::format("invalid YAML frontmatter: {}", e.msg);
    return std::nullopt;
  }
  return fm;
}

Result<FrontMatter> ParseFrontMatter(std::string_view yaml, size_t first_line,
                                     std::string_view file) {
  FrontMatterError error;
  std::optional<FrontMatter> fm = ParseFrontMatterYaml(yaml, first_line, &error);
  if (!fm) return Status::InvalidArgument(fmt::format("{}:{}: {}", file, error.line, error.what));
  return std::move(*fm);
}

Result<FrontMatter> ReadFrontMatter(std::string_view skill_md, std::string_view file) {
  FrontMatterBlock block = LocateFrontMatter(skill_md);
  if (!block.present) {
    return Status::InvalidArgument(fmt::format(
        "{}:1: missing YAML frontmatter (the file must start with a \"---\" line)", file));
  }
  if (!block.closed) {
    return Status::InvalidArgument(
        fmt::format("{}:1: frontmatter is not closed (expected a \"---\" line after it)", file));
  }
  return ParseFrontMatter(skill_md.substr(block.yaml_begin, block.yaml_end - block.yaml_begin),
                          block.yaml_first_line, file);
}

}  // namespace t2s
