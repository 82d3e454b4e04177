// The Results tab of a finished run: every shared Value/Array with its final value, how many
// writes it took and how many updates were lost (ui/run_results.h: computed from the order
// of reads and writes, whatever the scenario), and each process's exit code in its colour.
// Internal to shared/ui.
#pragma once
#include <vector>

#include "exec/run.h"
#include "exec/sim_inspect.h"
#include "ui/run_results.h"

namespace forklab::ui {

class ResultsPanel {
public:
    // A finished run; `final_state` (null for fork and threads runs) its last sim state,
    // which names the shared objects and tells a Value from an Array.
    void set_run(const RunResult& r, const SimInspection* final_state);
    void clear();
    void draw(const RunResult& r) const;

private:
    std::vector<SharedWriteCount> counts_;
    std::vector<InspectedShared> shared_;  // from final_state
    bool have_state_ = false;
};

}  // namespace forklab::ui
