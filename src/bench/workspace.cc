#include "bench/workspace.h"

#include <fmt/format.h>

#include <algorithm>
#include <system_error>

#include "base/file_io.h"
#include "bench/suite_paths.h"

namespace t2s {
namespace {

namespace fs = std::filesystem;

// The agent may edit or replace its inputs; a read-only suite file would
// otherwise stay read-only in the workspace.
void MakeOwnerWritable(const fs::path& root) {
  std::error_code ec;
  fs::permissions(root, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::add, ec);
  if (!fs::is_directory(fs::symlink_status(root, ec))) return;
  fs::permissions(root, fs::perms::owner_exec, fs::perm_options::add, ec);
  for (fs::recursive_directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
    fs::file_status st = it->symlink_status(ec);
    if (ec || fs::is_symlink(st)) continue;
    fs::perms add = fs::perms::owner_read | fs::perms::owner_write;
    if (fs::is_directory(st)) add |= fs::perms::owner_exec;
    fs::permissions(it->path(), add, fs::perm_options::add, ec);
  }
}

}  // namespace

Status CopyFolderContents(const fs::path& from, const fs::path& to) {
  std::error_code ec;
  fs::copy(from, to, fs::copy_options::recursive | fs::copy_options::copy_symlinks, ec);
  if (ec) {
    return Status::IoError(
        fmt::format("cannot copy {} to {}: {}", from.string(), to.string(), ec.message()));
  }
  return Status::Ok();
}

Status CopyRegularContents(const fs::path& from, const fs::path& to,
                           std::vector<std::string>* left_out) {
  std::error_code ec;
  auto failed = [&](const fs::path& what) {
    return Status::IoError(
        fmt::format("cannot copy {} to {}: {}", what.string(), to.string(), ec.message()));
  };
  std::vector<std::string> skipped;
  fs::recursive_directory_iterator it(from, ec), end;
  if (ec) return failed(from);
  for (; it != end; it.increment(ec)) {
    if (ec) return failed(from);
    fs::path rel = it->path().lexically_relative(from);
    fs::file_status st = it->symlink_status(ec);
    if (ec) return failed(it->path());
    if (fs::is_directory(st)) {
      fs::create_directory(to / rel, ec);
    } else if (fs::is_regular_file(st)) {
      fs::copy_file(it->path(), to / rel, ec);
    } else {
      skipped.push_back(rel.generic_string());
      if (fs::is_symlink(st)) it.disable_recursion_pending();
    }
    if (ec) return failed(it->path());
  }
  std::sort(skipped.begin(), skipped.end());
  left_out->insert(left_out->end(), skipped.begin(), skipped.end());
  return Status::Ok();
}

Status PrepareWorkspace(const Suite& suite, const TaskSpec& task, const std::string& dir) {
  std::error_code ec;
  fs::path root(dir);
  if (IsNonEmptyDir(root))
    return Status::AlreadyExists(fmt::format("workspace {}: not empty", dir));
  fs::create_directories(root, ec);
  if (ec || !fs::is_directory(root, ec)) {
    return Status::IoError(
        fmt::format("workspace {}: cannot create: {}", dir, ec ? ec.message() : "not a folder"));
  }
  fs::path tasks_file = fs::path(suite.root) / "tasks.jsonl";
  for (const TaskFile& file : task.files) {
    fs::path source(file.source);
    if (!fs::exists(source, ec)) {
      return Status::NotFound(fmt::format("task {}: {}: not found", task.id, file.source));
    }
    bool golden = !task.check.golden.empty() && PathIsWithin(task.check.golden, source);
    bool answers = suite.schema == kSuiteSchema && PathIsWithin(tasks_file, source);
    if (golden || answers) {
      return Status::FailedPrecondition(
          fmt::format("task {}: {}: holds golden material, which never enters the workspace",
                      task.id, file.source));
    }
    Result<std::string> rel = SafeRelativePath(file.dest, "workspace");
    if (!rel.ok()) return rel.status().WithPrefix(fmt::format("task {}", task.id));
    fs::path dest = root / *rel;
    fs::create_directories(dest.parent_path(), ec);
    // The entry itself may be a link inside the suite: copy what it names.
    fs::path real = fs::canonical(source, ec);
    if (ec)
      return Status::IoError(fmt::format("task {}: {}: {}", task.id, file.source, ec.message()));
    if (fs::is_directory(real, ec)) {
      fs::create_directories(dest, ec);
      T2S_RETURN_IF_ERROR(
          CopyFolderContents(real, dest).WithPrefix(fmt::format("task {}", task.id)));
    } else {
      fs::copy_file(real, dest, fs::copy_options::overwrite_existing, ec);
      if (ec) {
        return Status::IoError(fmt::format("task {}: cannot copy {} to {}: {}", task.id,
                                           file.source, dest.string(), ec.message()));
      }
    }
    MakeOwnerWritable(dest);
  }
  return Status::Ok();
}

}  // namespace t2s
