// The simulator's state as an explorer sees it (exec/explore.h): the shared cells, for the
// outcome of a run, and a fingerprint of everything the processes can observe or wait on.
//
// Two states with equal fingerprints, reached by processes that each did the same steps and
// learnt the same things from them (StepRecord::observed; the explorer hashes those), have
// the same futures: a process's next steps depend only on its program, what it was given at
// its start and what its operations returned. Left out on purpose: virtual time (step mode
// lets a sleep or a timeout end at any moment, so time orders nothing; a program that prints
// time.time() may see two such states merged), trace events and flow ids, and the ids of
// objects made later (a Lock created by P1 before P2's or after it).
#pragma once
#include <cstdint>
#include <vector>

#include "exec/runners.h"
#include "exec/sim_world.h"

namespace forklab::sim {

std::vector<SharedCells> shared_cells(const World& w);
// `identities`: per ProcId, the process's own state (its interpreter's hash, or what it did
// and learnt); an exited process's is left out (it has no future), so states that differ only
// in how finished processes got there merge.
uint64_t fingerprint(const World& w, const std::vector<uint64_t>& identities);

}  // namespace forklab::sim
