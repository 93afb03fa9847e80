#include "evolve/golden_leak.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <functional>
#include <regex>

#include "base/file_io.h"
#include "bench/answer_text.h"
#include "check/answer_position.h"
#include "check/xlsx_reader.h"

namespace t2s {
namespace {

namespace fs = std::filesystem;

constexpr size_t kMaxValues = 20'000;
constexpr size_t kMaxCells = 200'000;
constexpr uintmax_t kMaxFileBytes = uintmax_t{4} << 20;
constexpr size_t kShortText = 200;
constexpr size_t kMaxPublicNumbers = 1'000'000;

bool Distinctive(double v) {
  return std::isfinite(v) && (std::fabs(v) >= 10 || v != std::floor(v));
}

bool SameNumber(double a, double b) {
  return std::fabs(a - b) <= 1e-9 * std::max({1.0, std::fabs(a), std::fabs(b)});
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string Trim(std::string_view text) {
  size_t b = text.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return "";
  size_t e = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(b, e - b + 1));
}

bool IsXlsx(const fs::path& p) {
  std::string ext = Lower(p.extension().string());
  return ext == ".xlsx" || ext == ".xlsm";
}

// Every cell value of `sheet` within the corners (0: open), as text.
void CellTexts(const Sheet& sheet, int r1, int c1, int r2, int c2,
               const std::function<void(const CellValue&)>& fn) {
  r1 = std::max(1, r1 == 0 ? 1 : r1);
  c1 = std::max(1, c1 == 0 ? 1 : c1);
  r2 = r2 == 0 ? sheet.max_row() : std::min(r2, sheet.max_row());
  c2 = c2 == 0 ? sheet.max_col() : std::min(c2, sheet.max_col());
  size_t seen = 0;
  for (int r = std::min(r1, r2); r <= std::max(r1, r2); ++r) {
    for (int c = std::min(c1, c2); c <= std::max(c1, c2); ++c) {
      if (++seen > kMaxCells) return;
      fn(sheet.At({r, c}));
    }
  }
}

}  // namespace

void GoldenValues::AddNumber(double value) {
  if (!Distinctive(value) || size() >= kMaxValues) return;
  for (double v : numbers_) {
    if (SameNumber(v, value)) return;
  }
  numbers_.push_back(value);
}

void GoldenValues::AddText(std::string_view text) {
  for (const FoundNumber& n : Numbers(text)) AddNumber(n.value);
  std::string whole = Trim(text);
  auto add = [&](std::string t) {
    // A number alone is a number, not a text.
    std::vector<FoundNumber> nums = Numbers(t);
    if (nums.size() == 1 && nums[0].text == t) return;
    if (t.size() < 4 || size() >= kMaxValues) return;
    std::string low = Lower(t);
    for (const GoldenText& g : texts_) {
      if (g.lower == low && g.text == t) return;
    }
    texts_.push_back({std::move(t), std::move(low), false});
  };
  if (whole.size() <= kShortText) add(whole);
  size_t start = 0;
  while (start < whole.size()) {
    size_t nl = whole.find('\n', start);
    if (nl == std::string::npos) nl = whole.size();
    std::string line = Trim(std::string_view(whole).substr(start, nl - start));
    if (line.size() <= kShortText && line != whole) add(line);
    start = nl + 1;
  }
}

void GoldenValues::DropPublic(std::string_view text) {
  std::vector<FoundNumber> nums = Numbers(text);
  numbers_.erase(std::remove_if(numbers_.begin(), numbers_.end(),
                                [&](double v) {
                                  for (const FoundNumber& n : nums) {
                                    if (SameNumber(n.value, v)) return true;
                                  }
                                  return false;
                                }),
                 numbers_.end());
  std::string low = Lower(text);
  texts_.erase(std::remove_if(texts_.begin(), texts_.end(),
                              [&](const GoldenText& t) {
                                return text.find(t.text) != std::string_view::npos;
                              }),
               texts_.end());
  // Public in another case ("zebrafish" for "ZEBRAFISH"): only the golden
  // spelling stays secret.
  for (GoldenText& t : texts_) t.exact_only |= low.find(t.lower) != std::string::npos;
  if (public_numbers_.size() < kMaxPublicNumbers) {
    for (const FoundNumber& n : nums) public_numbers_.push_back(n.value);
  }
}

void GoldenValues::AddExpected(std::string_view message) {
  std::string low = Lower(message);
  size_t start = 0;
  while (start < low.size()) {
    size_t nl = low.find('\n', start);
    if (nl == std::string::npos) nl = low.size();
    size_t at = low.find("expect", start);
    if (at < nl) {
      size_t end = nl;
      for (const char* stop : {"got", "but", "actual", "found", "instead"}) {
        size_t s = low.find(stop, at);
        if (s < end) end = s;
      }
      for (const FoundNumber& n : Numbers(message.substr(at, end - at))) {
        bool shown = false;
        for (double v : public_numbers_) shown |= SameNumber(v, n.value);
        if (!shown) AddNumber(n.value);
      }
    }
    start = nl + 1;
  }
}

void GoldenValues::DropInputs(const TaskSpec& task) {
  std::error_code ec;
  auto drop_file = [&](const fs::path& p) {
    if (!fs::is_regular_file(p, ec) || fs::file_size(p, ec) > kMaxFileBytes) return;
    if (IsXlsx(p)) {
      Result<Workbook> book = ReadXlsx(p);
      if (!book.ok()) return;
      std::string all;
      for (const Sheet& sheet : book->sheets) {
        all += sheet.name() + "\n";
        CellTexts(sheet, 0, 0, 0, 0, [&](const CellValue& v) {
          if (v.kind == CellValue::Kind::kNumber) all += fmt::format("{}\n", v.number);
          if (v.kind == CellValue::Kind::kString) all += v.text + "\n";
        });
      }
      DropPublic(all);
      return;
    }
    Result<std::string> text = ReadFile(p);
    if (text.ok()) DropPublic(*text);
  };
  for (const TaskFile& f : task.files) {
    if (fs::is_directory(f.source, ec)) {
      for (auto it = fs::recursive_directory_iterator(f.source, ec);
           !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (!it->is_symlink(ec)) drop_file(it->path());
      }
    } else {
      drop_file(f.source);
    }
  }
}

std::optional<std::string> GoldenValues::QuotedIn(std::string_view text) const {
  for (const FoundNumber& n : Numbers(text)) {
    for (double v : numbers_) {
      if (SameNumber(n.value, v)) return n.text;
    }
  }
  std::string low = Lower(text);
  for (const GoldenText& t : texts_) {
    size_t at = t.exact_only ? text.find(t.text) : low.find(t.lower);
    if (at != std::string::npos) return std::string(text.substr(at, t.text.size()));
  }
  return std::nullopt;
}

GoldenValues GoldenValues::Of(const Suite& suite, const TaskSpec& task) {
  GoldenValues g;
  const CheckSpec& check = task.check;
  switch (check.kind) {
    case CheckSpec::Kind::kExact:
      g.AddText(check.expected);
      break;
    case CheckSpec::Kind::kNumber:
      g.AddNumber(check.expected_number);
      break;
    case CheckSpec::Kind::kXlsx: {
      Result<Workbook> book = ReadXlsx(check.golden);
      Result<std::vector<AnswerRange>> ranges = ParseAnswerPosition(check.ranges);
      if (!book.ok() || !ranges.ok() || book->sheets.empty()) break;
      for (const AnswerRange& r : *ranges) {
        std::string name = !r.sheet.empty() ? r.sheet : check.sheet;
        const Sheet* sheet = name.empty() ? &book->sheets[0] : book->Find(name);
        if (sheet == nullptr) continue;
        CellTexts(*sheet, r.row1, r.col1, r.row2, r.col2, [&](const CellValue& v) {
          if (v.kind == CellValue::Kind::kNumber) g.AddNumber(v.number);
          if (v.kind == CellValue::Kind::kString) g.AddText(v.text);
        });
      }
      break;
    }
    case CheckSpec::Kind::kCommand: {
      static const std::regex kSuitePath(R"(\$\{?T2S_SUITE\}?/([^\s"'\\;|&)<>]+))");
      for (std::sregex_iterator it(check.run.begin(), check.run.end(), kSuitePath), end;
           it != end; ++it) {
        fs::path p = fs::path(suite.root) / (*it)[1].str();
        std::error_code ec;
        if (!PathIsWithin(p, suite.root) || !fs::is_regular_file(p, ec) ||
            fs::file_size(p, ec) > kMaxFileBytes) {
          continue;
        }
        Result<std::string> text = ReadFile(p);
        if (text.ok()) g.AddText(*text);
      }
      break;
    }
  }
  g.DropPublic(task.instruction);
  return g;
}

}  // namespace t2s
