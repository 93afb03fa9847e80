// JsonWriter: compact JSON text, written fast and in the order given
// (records that people read keep "schema" and "id" first).
#ifndef T2S_BASE_JSON_WRITER_H_
#define T2S_BASE_JSON_WRITER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace t2s {

// Appends `s` as a quoted JSON string; invalid UTF-8 becomes U+FFFD.
void AppendJsonString(std::string* out, std::string_view s);

class JsonWriter {
 public:
  JsonWriter& BeginObject() { return Open('{'); }
  JsonWriter& EndObject() { return Close('}'); }
  JsonWriter& BeginArray() { return Open('['); }
  JsonWriter& EndArray() { return Close(']'); }
  JsonWriter& Key(std::string_view key);
  JsonWriter& String(std::string_view value);
  JsonWriter& Number(double value);
  JsonWriter& Int(int64_t value);
  JsonWriter& Bool(bool value);
  JsonWriter& Null();
  // Inserts `json`, which must already be one valid JSON value.
  JsonWriter& Raw(std::string_view json);

  // Makes room for `bytes` in all, so a large record is not copied as it grows.
  void Reserve(size_t bytes) { out_.reserve(bytes); }

  const std::string& str() const { return out_; }
  std::string Take() { return std::move(out_); }

 private:
  JsonWriter& Open(char c);
  JsonWriter& Close(char c);
  void Separate();

  std::string out_;
  std::vector<bool> has_items_;  // per open container
  bool after_key_ = false;
};

}  // namespace t2s

#endif  // T2S_BASE_JSON_WRITER_H_
