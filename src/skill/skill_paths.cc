#include "skill/skill_paths.h"

#include <fmt/format.h>

#include <array>
#include <cctype>

namespace t2s {

static constexpr std::array<std::string_view, 3> kFolders = {"references/", "scripts/", "assets/"};

Status CheckSkillPath(std::string_view path) {
  auto bad = [&](std::string_view why) {
    return Status::InvalidArgument(fmt::format("path \"{}\" {}", path, why));
  };
  if (path.empty()) return Status::InvalidArgument("path is empty");
  if (path.size() > kMaxPathBytes) {
    return Status::InvalidArgument(fmt::format("path \"{}...\" is longer than {} bytes",
                                               path.substr(0, 40), kMaxPathBytes));
  }
  for (unsigned char c : path) {
    if (c < 0x20 || c == 0x7f) {
      // Quoted through JSON escaping: the raw byte would cut or garble the message.
      std::string shown;
      for (unsigned char d : path) {
        shown += d < 0x20 || d == 0x7f ? fmt::format("\\u{:04x}", d) : std::string(1, char(d));
      }
      return Status::InvalidArgument(
          fmt::format("path \"{}\" contains a control character (\\u{:04x})", shown, c));
    }
  }
  if (path.back() == '/') return bad("names a folder, not a file");
  if (path.find('\\') != std::string_view::npos) return bad("uses '\\' (write paths with '/')");
  if (path.front() == '/' || (path.size() > 1 && path[1] == ':')) {
    return bad("is absolute (paths are relative to the skill folder)");
  }
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    size_t end = slash == std::string_view::npos ? path.size() : slash;
    std::string_view part = path.substr(start, end - start);
    if (part == "..") return bad("leaves the skill folder (\"..\")");
    if (part == ".") return bad("contains \".\" (write the plain relative path)");
    if (part.empty()) return bad("has an empty part");
    if (part.size() > kMaxNameBytes) {
      return bad(fmt::format("has a part longer than {} bytes", kMaxNameBytes));
    }
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  if (path == "SKILL.md") return Status::Ok();
  for (std::string_view folder : kFolders) {
    if (path.substr(0, folder.size()) == folder && path.size() > folder.size()) return Status::Ok();
  }
  return bad("is not SKILL.md or a file under references/, scripts/ or assets/");
}

Status CheckPathAgainstFiles(std::string_view path, const std::vector<std::string>& files) {
  auto lower = [](std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
  };
  std::string folded = lower(path);
  for (const std::string& f : files) {
    if (f == path) continue;
    if (path.size() > f.size() && path.substr(0, f.size()) == f && path[f.size()] == '/') {
      return Status::InvalidArgument(
          fmt::format("path \"{}\" goes through the file {}", path, f));
    }
    if (f.size() > path.size() && std::string_view(f).substr(0, path.size()) == path &&
        f[path.size()] == '/') {
      return Status::InvalidArgument(
          fmt::format("path \"{}\" is a folder of the skill (it holds {})", path, f));
    }
    if (lower(f) == folded) {
      return Status::InvalidArgument(fmt::format(
          "path \"{}\" differs only in case from {} (they clash on case-insensitive file "
          "systems)",
          path, f));
    }
  }
  return Status::Ok();
}

bool IsMarkdownPath(std::string_view path) {
  auto ends_with = [&](std::string_view suffix) {
    return path.size() >= suffix.size() && path.substr(path.size() - suffix.size()) == suffix;
  };
  return ends_with(".md") || ends_with(".markdown");
}

bool PathMatches(std::string_view path, std::string_view pattern) {
  if (pattern.empty()) return false;
  if (pattern.back() == '/') return path.substr(0, pattern.size()) == pattern;
  return path == pattern;
}

bool PathCrossesSymlink(std::string_view path, const std::vector<std::string>& symlinks) {
  for (const std::string& link : symlinks) {
    if (path == link) return true;
    if (path.size() > link.size() && path.substr(0, link.size()) == link &&
        path[link.size()] == '/') {
      return true;
    }
  }
  return false;
}

static int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string LinkTargetPath(std::string_view destination) {
  std::string_view d = destination;
  size_t cut = d.find_first_of("#?");
  if (cut != std::string_view::npos) d = d.substr(0, cut);
  // A scheme ("https:", "mailto:") comes before any '/'.
  size_t colon = d.find(':');
  if (colon != std::string_view::npos && d.substr(0, colon).find('/') == std::string_view::npos) {
    return "";
  }
  while (d.substr(0, 2) == "./") d.remove_prefix(2);
  std::string out;
  for (size_t i = 0; i < d.size(); ++i) {
    if (d[i] == '%' && i + 2 < d.size() && HexValue(d[i + 1]) >= 0 && HexValue(d[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(d[i + 1]) * 16 + HexValue(d[i + 2]));
      i += 2;
    } else {
      out += d[i];
    }
  }
  return out;
}

}  // namespace t2s
