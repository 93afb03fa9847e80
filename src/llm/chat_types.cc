#include "llm/chat_types.h"

namespace t2s {

std::string_view StructuredModeName(StructuredMode mode) {
  switch (mode) {
    case StructuredMode::kJsonSchema:
      return "json_schema";
    case StructuredMode::kTool:
      return "tool";
    case StructuredMode::kJsonObject:
      return "json_object";
    case StructuredMode::kPromptOnly:
      return "prompt";
  }
  return "?";
}

std::string_view FailureCauseName(FailureCause cause) {
  switch (cause) {
    case FailureCause::kNone:
      return "none";
    case FailureCause::kConnection:
      return "connection";
    case FailureCause::kTimeout:
      return "timeout";
    case FailureCause::kRateLimited:
      return "rate_limited";
    case FailureCause::kServer:
      return "server_error";
    case FailureCause::kClient:
      return "client_error";
    case FailureCause::kAuth:
      return "auth";
    case FailureCause::kQuota:
      return "quota";
    case FailureCause::kLength:
      return "length";
    case FailureCause::kBadResponse:
      return "bad_response";
    case FailureCause::kInvalidJson:
      return "invalid_json";
    case FailureCause::kBudget:
      return "budget";
    case FailureCause::kDeadline:
      return "deadline";
    case FailureCause::kCancelled:
      return "cancelled";
    case FailureCause::kStopped:
      return "stopped";
  }
  return "?";
}

CallResult FailedCall(FailureCause cause, std::string error) {
  CallResult r;
  r.cause = cause;
  r.error = std::move(error);
  return r;
}

}  // namespace t2s
