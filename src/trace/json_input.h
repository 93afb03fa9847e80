// JSON input for the format readers: the edge where wire JSON becomes typed
// structs (nothing above src/trace sees these types). Parsing uses simdjson
// (ingest throughput is the bottleneck of large imports); when a text is
// not valid JSON it is parsed once more to say exactly where.
#ifndef T2S_TRACE_JSON_INPUT_H_
#define T2S_TRACE_JSON_INPUT_H_

#include <simdjson.h>

#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "trace/reader.h"
#include "trace/trajectory.h"

namespace t2s {

using JsonValue = simdjson::dom::element;

// Largest whole-document JSON file read into memory (JSONL is streamed).
inline constexpr size_t kMaxDocumentBytes = size_t{1} << 30;

// One parsed JSON document; the values it hands out live as long as it does.
class JsonDocument {
 public:
  // Reads and parses a file. Errors: "<display>:3:17: invalid JSON: ...",
  // "<display>: 2.1 GB is too large for a JSON document (limit 1 GiB); use JSONL".
  Status Load(const std::filesystem::path& path, const std::string& display);
  JsonValue root() const { return root_; }

 private:
  simdjson::dom::parser parser_;
  JsonValue root_;
};

// Reads a file holding one JSON document that is one trajectory: a
// conversion error is reported to `sink` for the whole file; an unreadable
// or invalid file is the returned error.
Status ReadOneDocument(const std::filesystem::path& path, const std::string& display,
                       TrajectorySink* sink,
                       const std::function<Result<Trajectory>(JsonValue)>& convert);

// Calls `fn(line_number, record)` for every non-blank line of a JSONL file,
// one line in memory at a time. A line that is not JSON, or longer than
// 256 MiB, is reported to `sink` as "<display>:<line>: ..." and skipped.
// A file that is one (pretty-printed) JSON document is one error, not a
// bad record per line: "<display>: one JSON document, not JSON Lines ...".
Status ForEachJsonLine(const std::filesystem::path& path, const std::string& display,
                       TrajectorySink* sink, const std::function<void(size_t, JsonValue)>& fn);

// "invalid JSON at column 7: unexpected '}'" for a text that failed to parse.
std::string DescribeInvalidJson(std::string_view text);

// The elements of an array value, or of an empty array for anything else;
// safe to use directly in a range-for.
simdjson::dom::array ArrayOrEmpty(JsonValue v);
simdjson::dom::object ObjectOrEmpty(JsonValue v);
JsonValue FirstElement(simdjson::dom::array list);  // `list` must not be empty

const char* JsonTypeName(JsonValue v);
bool IsNull(JsonValue v);

// The member `key` of an object, or nullopt (not an object, no such key, or null).
std::optional<JsonValue> Field(JsonValue obj, std::string_view key);
// The string member `key`, or "" when absent or not a string.
std::string StringField(JsonValue obj, std::string_view key);
bool BoolField(JsonValue obj, std::string_view key, bool fallback);

// Message content as text: a string, or the text parts of a list of blocks
// ({"type":"text","text":...} or plain strings), joined by newlines.
std::string ContentText(JsonValue content);

// Tool-call arguments as compact JSON: an object is re-serialized; a string
// holding JSON is parsed and re-serialized; any other string is kept as a
// JSON string value.
std::string ArgumentsJson(JsonValue args);

// A number, or a string holding one; booleans count as 1 and 0.
std::optional<double> NumberOf(JsonValue v);
std::optional<double> NumberOfText(std::string_view text);

// Compact JSON text of any value.
std::string ToJsonText(JsonValue v);

// A native `t2s.trajectory/1` record (see trajectory_json.h).
Result<Trajectory> TrajectoryFromJson(JsonValue record);

}  // namespace t2s

#endif  // T2S_TRACE_JSON_INPUT_H_
