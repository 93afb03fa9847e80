#include "evolve/draft.h"

#include <fmt/format.h>

#include "evolve/finalize.h"
#include "evolve/prompts.h"
#include "llm/llm_client.h"
#include "llm/response_cache.h"

namespace t2s {

namespace fs = std::filesystem;

Result<Skill> DraftSeedSkill(const EvolveOptions& o, const LlmConfig& llm, Transport* transport,
                             Clock* clock, const fs::path& out, const AttachFn& attach) {
  fs::path dir = out / o.new_name;
  if (fs::exists(dir / "SKILL.md")) return LoadSkill(dir);
  std::error_code ec;
  fs::create_directories(out, ec);
  if (ec) return Status::IoError(fmt::format("{}: cannot create folder: {}", out.string(), ec.message()));
  T2S_ASSIGN_OR_RETURN(PromptSet prompts, PromptSet::Load(o.prompts_dir));
  T2S_ASSIGN_OR_RETURN(std::unique_ptr<ResponseCache> cache, ResponseCache::Open(out / "run.sqlite"));
  if (o.no_cache) cache->set_reads(false);  // a bad draft is asked again
  LlmClient client(MakeProvider(llm.provider), llm.endpoints, transport, clock, cache.get(),
                   llm.options);
  if (attach) attach(&client);
  Result<Skill> draft = DraftSkill(o, llm, prompts, &client);
  if (attach) attach(nullptr);
  if (!draft.ok()) return draft.status();
  T2S_RETURN_IF_ERROR(WriteSkill(*draft, dir, /*force=*/true));
  return LoadSkill(dir);
}

}  // namespace t2s
