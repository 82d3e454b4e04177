#include "exec/sim_schedule.h"

namespace forklab {

std::string format_schedule(const std::vector<ScheduleStep>& steps) {
    std::string s;
    for (const ScheduleStep& st : steps) {
        if (!s.empty()) s += ',';
        s += std::to_string(st.proc);
        if (st.thread != kAnyThread) s += '.' + std::to_string(st.thread);
        if (st.instructions) s += '+' + std::to_string(st.count);
        else if (st.count != 1) s += 'x' + std::to_string(st.count);
    }
    return s;
}

void append_step(std::vector<ScheduleStep>& steps, uint32_t proc, uint32_t count,
                 bool instructions, uint32_t thread) {
    // Instructions in a row of one process merge too (a stepper's line step is a run of
    // one-instruction steps): nothing else runs between them, so P+a,P+b replays as P+(a+b).
    if (!steps.empty() && steps.back().instructions == instructions &&
        steps.back().proc == proc && steps.back().thread == thread &&
        steps.back().count <= UINT32_MAX - count) {
        steps.back().count += count;
        return;
    }
    steps.push_back(ScheduleStep{proc, count, instructions, thread});
}

uint64_t schedule_length(const std::vector<ScheduleStep>& steps) {
    uint64_t n = 0;
    for (const ScheduleStep& st : steps) n += st.count;
    return n;
}

static bool read_number(std::string_view t, size_t& i, uint32_t* out) {
    if (i >= t.size() || t[i] < '0' || t[i] > '9') return false;
    uint64_t v = 0;
    while (i < t.size() && t[i] >= '0' && t[i] <= '9') {
        v = v * 10 + uint64_t(t[i] - '0');
        if (v > UINT32_MAX) return false;
        ++i;
    }
    *out = (uint32_t)v;
    return true;
}

bool parse_schedule(std::string_view t, std::vector<ScheduleStep>* out, std::string* error) {
    out->clear();
    size_t i = 0;
    auto fail = [&](const char* what) {
        *error = std::string(what) + " at character " + std::to_string(i + 1) +
                 " of the schedule (expected steps like 0x3,1,0+40,0.1x2)";
        return false;
    };
    while (i < t.size() && t[i] == ' ') ++i;
    if (i == t.size()) return true;  // the empty schedule: nothing chosen yet
    for (;;) {
        ScheduleStep st;
        if (!read_number(t, i, &st.proc)) return fail("a process number is missing");
        if (i < t.size() && t[i] == '.') {
            ++i;
            if (!read_number(t, i, &st.thread) || st.thread == kAnyThread)
                return fail("a thread number is missing");
        }
        if (i < t.size() && (t[i] == 'x' || t[i] == '+')) {
            st.instructions = t[i] == '+';
            ++i;
            if (!read_number(t, i, &st.count) || st.count == 0) return fail("a positive count is missing");
        }
        out->push_back(st);
        while (i < t.size() && t[i] == ' ') ++i;
        if (i == t.size()) return true;
        if (t[i] != ',') return fail("unexpected character");
        ++i;
        while (i < t.size() && t[i] == ' ') ++i;
    }
}

}  // namespace forklab
