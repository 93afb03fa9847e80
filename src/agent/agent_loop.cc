#include "agent/agent_loop.h"

#include <fmt/format.h>

#include <functional>

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <future>
#include <optional>
#include <set>
#include <thread>

namespace t2s {
namespace {

using Steady = std::chrono::steady_clock;

int64_t MsSince(Steady::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Steady::now() - start).count();
}

// Failures that stop the run rather than say something about the task.
bool RunStopped(FailureCause cause) { return cause != FailureCause::kLength; }

// What the model reads of a finished command.
std::string ToolText(const ToolResult& r, int64_t timeout_ms) {
  std::string text = r.output;
  if (r.timed_out) {
    if (!text.empty() && text.back() != '\n') text += '\n';
    text += fmt::format("[timed out after {} s: the command and its child processes were killed]",
                        timeout_ms / 1000.0);
  } else if (r.exit_code != 0) {
    if (!text.empty() && text.back() != '\n') text += '\n';
    text += fmt::format("[exit code {}]", r.exit_code);
  } else if (text.empty()) {
    text = "(no output)";
  }
  return text;
}

// The command of a bash call, or why its arguments are not one.
Result<std::string> BashCommand(const ToolCall& call) {
  nlohmann::json args = nlohmann::json::parse(call.arguments, nullptr, false);
  if (!args.is_object() || !args.contains("command") || !args["command"].is_string()) {
    return Status::InvalidArgument(
        "bash arguments must be a JSON object with a string \"command\", e.g. "
        "{\"command\": \"ls\"}");
  }
  return args["command"].get<std::string>();
}

}  // namespace

ToolSpec BashTool() {
  return {"bash",
          "Runs a bash command in the task's workspace (/workspace, the working folder) and "
          "returns its output (stdout and stderr) and exit code. No network.",
          R"({"type":"object","properties":{"command":{"type":"string","description":)"
          R"("The bash command to run"}},"required":["command"],"additionalProperties":false})"};
}

namespace {

struct Active {
  const EpisodeSpec* spec = nullptr;
  EpisodeResult result;
  ChatRequest request;  // the conversation so far
  Steady::time_point started;
  int tool_seq = 0;
  // The current answer's calls run one after another, in the order the
  // model wrote them (a later call may read what an earlier one wrote).
  std::vector<ToolCall> calls;
  size_t next_call = 0;               // the first call not yet answered
  std::vector<ChatMessage> results;   // of the calls answered so far
};

struct PendingTool {
  size_t episode = 0;
  size_t call = 0;
  int seq = 0;
  std::optional<LoggedTool> logged;
};

// A local tool call running on its worker thread.
struct PendingLocal {
  PendingTool tool;
  std::future<LocalToolResult> result;
};

}  // namespace

void AgentLoop::Run(const std::vector<EpisodeSpec>& episodes,
                    const std::function<void(const EpisodeSpec&, EpisodeResult)>& on_done) {
  std::vector<std::unique_ptr<Active>> active(episodes.size());
  std::map<LlmClient::CallId, size_t> calls;
  std::map<ToolRunner::Ticket, PendingTool> tools;
  std::vector<PendingLocal> locals;
  size_t left = episodes.size();
  std::vector<ToolSpec> offered = {BashTool()};
  if (local_ != nullptr) {
    for (ToolSpec& spec : local_->Specs()) offered.push_back(std::move(spec));
  }
  std::set<std::string> local_names;
  std::string tool_list = "the only tool is bash";
  if (offered.size() > 1) tool_list = "the tools are bash";
  for (size_t i = 1; i < offered.size(); ++i) {
    local_names.insert(offered[i].name);
    tool_list += (i + 1 == offered.size() ? " and " : ", ") + offered[i].name;
  }

  auto finish = [&](size_t k) {
    Active& a = *active[k];
    a.result.messages = std::move(a.request.messages);
    a.result.elapsed_ms = MsSince(a.started);
    on_done(*a.spec, std::move(a.result));
    active[k].reset();
    --left;
  };
  auto fail = [&](size_t k, std::string why) {
    active[k]->result.error = std::move(why);
    finish(k);
  };
  auto over_time = [&](size_t k) {
    const Active& a = *active[k];
    return options_.max_episode_ms > 0 && MsSince(a.started) >= options_.max_episode_ms;
  };
  auto time_line = [&] {
    return fmt::format("wall time ({} s) reached without a final answer",
                       options_.max_episode_ms / 1000.0);
  };
  // Why episode k may not ask the model again, or "" while it may.
  auto spent_line = [&](size_t k) -> std::string {
    const Active& a = *active[k];
    if (a.result.turns >= options_.max_turns) {
      return fmt::format("max turns ({}) reached without a final answer", options_.max_turns);
    }
    int64_t spent = a.result.usage.prompt_tokens + a.result.usage.completion_tokens;
    if (options_.max_episode_tokens > 0 && spent >= options_.max_episode_tokens) {
      return fmt::format("token cap ({}) reached without a final answer", options_.max_episode_tokens);
    }
    if (over_time(k)) return time_line();
    return "";
  };
  auto next_turn = [&](size_t k) {
    Active& a = *active[k];
    if (std::string why = spent_line(k); !why.empty()) return fail(k, std::move(why));
    calls[client_->Submit(a.request)] = k;
  };
  // Runs the current answer's calls from next_call on: answers what needs
  // no process at once, submits the next command and returns; once every
  // call is answered, the results join the conversation and the next turn
  // is asked.
  std::function<void(size_t)> advance = [&](size_t k) {
    Active& a = *active[k];
    while (a.next_call < a.calls.size()) {
      const ToolCall& call = a.calls[a.next_call];
      ChatMessage out{"tool", ""};
      out.tool_call_id = call.id;
      if (local_names.count(call.name) > 0) {
        PendingLocal pending{{k, a.next_call, a.tool_seq++, std::nullopt}, {}};
        if (log_ != nullptr) pending.tool.logged = log_->Find(a.spec->id, pending.tool.seq);
        pending.result = std::async(std::launch::async, [this, spec = a.spec, call] {
          return local_->Run(*spec, call);
        });
        locals.push_back(std::move(pending));
        return;  // its result comes back below, once the worker is done
      }
      Result<std::string> command =
          call.name == "bash" ? BashCommand(call)
                              : Result<std::string>(Status::InvalidArgument(fmt::format(
                                    "unknown tool \"{}\": {}", call.name, tool_list)));
      Result<ToolRunner::Ticket> ticket = Status::Internal("not submitted");
      if (command.ok()) {
        ToolCommand cmd;
        cmd.command = *command;
        cmd.workspace = a.spec->workspace;
        cmd.skill_dir = a.spec->skill_dir;
        cmd.timeout_ms = options_.tool_timeout_ms;
        cmd.output_limit = options_.tool_output_limit;
        ticket = runner_->Submit(cmd);
        if (ticket.ok()) {
          PendingTool pending{k, a.next_call, a.tool_seq++, std::nullopt};
          if (log_ != nullptr) pending.logged = log_->Find(a.spec->id, pending.seq);
          tools[*ticket] = std::move(pending);
          return;  // its result comes back through Collect()
        }
      }
      out.content = command.ok() ? ticket.status().message() : command.status().message();
      out.is_error = true;
      a.results.push_back(std::move(out));
      ++a.next_call;
    }
    for (ChatMessage& m : a.results) {
      a.request.messages.push_back(std::move(m));
      a.result.reasoning.emplace_back();
    }
    a.results.clear();
    a.calls.clear();
    a.next_call = 0;
    next_turn(k);
  };

  for (size_t k = 0; k < episodes.size(); ++k) {
    auto a = std::make_unique<Active>();
    a->spec = &episodes[k];
    a->result.id = episodes[k].id;
    a->started = Steady::now();
    a->request.stage = options_.stage;
    a->request.model = options_.model;
    a->request.sampling = options_.sampling;
    a->request.tools = offered;
    a->request.messages = {{"system", episodes[k].system_prompt}, {"user", episodes[k].instruction}};
    a->result.reasoning = {"", ""};
    active[k] = std::move(a);
    next_turn(k);
  }

  while (left > 0) {
    std::vector<int> fds = runner_->fds();
    int64_t tool_wait = runner_->WaitMs();
    int wait = tool_wait < 0 ? 100 : static_cast<int>(std::min<int64_t>(tool_wait, 100));
    if (!locals.empty()) wait = std::min(wait, 5);  // a worker may finish at any moment
    if (client_->active() == 0 && fds.empty() && wait > 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(wait));  // tools wait for a slot
    }
    for (auto& [id, call] : client_->Step(wait, fds)) {
      auto it = calls.find(id);
      if (it == calls.end()) continue;
      size_t k = it->second;
      calls.erase(it);
      Active& a = *active[k];
      if (!call.ok()) {
        a.result.resumable = RunStopped(call.cause);
        fail(k, fmt::format("model call failed ({}): {}", FailureCauseName(call.cause), call.error));
        continue;
      }
      ChatResponse& answer = *call.response;
      ++a.result.turns;
      if (answer.from_cache) {
        ++a.result.cached_turns;
        a.result.cached_usage += answer.usage;
      }
      a.result.usage += answer.from_cache ? answer.usage : call.usage;
      ChatMessage said{"assistant", answer.content};
      said.tool_calls = answer.tool_calls;
      a.request.messages.push_back(std::move(said));
      a.result.reasoning.push_back(std::move(answer.reasoning));
      if (answer.tool_calls.empty()) {
        a.result.answered = true;
        a.result.final_message = answer.content;
        finish(k);
        continue;
      }
      // Out of turns, tokens or time, an answer that calls only bash ends the
      // episode; one that calls a local tool still runs (a `submit` on the
      // last allowed turn ends the episode as answered).
      bool local_call = false;
      for (const ToolCall& c : answer.tool_calls) local_call |= local_names.count(c.name) > 0;
      if (std::string why = spent_line(k); !why.empty() && !local_call) {
        fail(k, std::move(why));
        continue;
      }
      a.calls = a.request.messages.back().tool_calls;
      a.next_call = 0;
      a.result.tool_calls += static_cast<int>(a.calls.size());
      advance(k);
    }
    for (ToolRunner::Done& done : runner_->Collect()) {
      auto it = tools.find(done.ticket);
      if (it == tools.end()) continue;
      PendingTool pending = std::move(it->second);
      tools.erase(it);
      if (!active[pending.episode]) continue;
      Active& a = *active[pending.episode];
      ChatMessage out{"tool", ""};
      out.tool_call_id = a.calls[pending.call].id;
      if (pending.logged) {
        // A resumed episode: the command ran again to rebuild the workspace;
        // the model sees what it saw the first time.
        out.content = pending.logged->content;
        out.is_error = pending.logged->is_error;
      } else if (!done.result.ok()) {
        out.content = done.result.status().message();
        out.is_error = true;
      } else {
        out.content = ToolText(*done.result, options_.tool_timeout_ms);
        out.is_error = done.result->exit_code != 0 || done.result->timed_out;
      }
      if (log_ != nullptr && !pending.logged) {
        (void)log_->Record(a.spec->id, pending.seq, {out.content, out.is_error});
      }
      a.results.push_back(std::move(out));
      ++a.next_call;
      advance(pending.episode);
    }
    for (size_t i = 0; i < locals.size();) {
      if (locals[i].result.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
        ++i;
        continue;
      }
      PendingLocal done = std::move(locals[i]);
      locals.erase(locals.begin() + static_cast<std::ptrdiff_t>(i));
      const size_t k = done.tool.episode;
      if (!active[k]) continue;
      Active& a = *active[k];
      LocalToolResult result = done.result.get();
      ChatMessage out{"tool", ""};
      out.tool_call_id = a.calls[done.tool.call].id;
      out.content = done.tool.logged ? done.tool.logged->content : result.content;
      out.is_error = done.tool.logged ? done.tool.logged->is_error : result.is_error;
      if (log_ != nullptr && !done.tool.logged) {
        (void)log_->Record(a.spec->id, done.tool.seq, {out.content, out.is_error});
      }
      a.results.push_back(std::move(out));
      ++a.next_call;
      if (result.ends_episode) {
        // The calls after it are not run; the conversation ends with its result.
        for (ChatMessage& m : a.results) {
          a.request.messages.push_back(std::move(m));
          a.result.reasoning.emplace_back();
        }
        a.result.answered = true;
        a.result.final_message = a.request.messages.back().content;
        a.result.ending_call = a.calls[done.tool.call];
        finish(k);
        continue;
      }
      advance(k);
    }
  }
}

}  // namespace t2s
