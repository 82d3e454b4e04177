// SIGTERM in a traced child: save the trace, then die as SIGTERM's default action would.
//
// Without this, terminate() loses everything the child recorded, since a child writes its
// file at exit: a Pool's workers (terminated when `with Pool()` ends) would show no activity
// at all in a fork trace. The handler does nothing but set a flag (and arm a one-second
// alarm, so a child that never reaches a check still dies): check_limits(), which every wait
// loop and every interpreter slice calls, hands the signal to the Interp; it stops before its
// next instruction, and run_interp() calls die_terminated() with no arena mutex held.
// Untraced runs keep the default action: nothing changes for them.
#include <signal.h>
#include <unistd.h>

#include "fork/fork_host.h"
#include "lang/interp.h"

namespace forklab::forkrt {

volatile sig_atomic_t g_terminate_requested = 0;

namespace {

void die_by_sigterm_now(int) {
    signal(SIGTERM, SIG_DFL);
    raise(SIGTERM);  // SIGTERM is blocked inside its own handler: it acts when that returns
}

void on_terminate(int sig) {
    if (g_terminate_requested) {  // a second SIGTERM: no more waiting
        die_by_sigterm_now(sig);
        return;
    }
    g_terminate_requested = 1;
    alarm(1);
}

}  // namespace

void install_traced_terminate() {
    g_terminate_requested = 0;
    struct sigaction sa {};
    sa.sa_handler = on_terminate;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGTERM, &sa, nullptr);
    struct sigaction alarm_sa {};
    alarm_sa.sa_handler = die_by_sigterm_now;
    sigemptyset(&alarm_sa.sa_mask);
    sigaction(SIGALRM, &alarm_sa, nullptr);
}

void ForkHost::stop_interp_for_terminate() {
    if (interp) interp->request_kill(SIGTERM);
}

void ForkHost::die_terminated() {
    // The parent records the exit (it sees the signal), so the file holds everything else.
    g_run->arena->procs[self_.value].wrote_file.store(1);
    write_child_file(self_, rec, out, err);
    signal(SIGTERM, SIG_DFL);
    sigset_t term;
    sigemptyset(&term);
    sigaddset(&term, SIGTERM);
    sigprocmask(SIG_UNBLOCK, &term, nullptr);
    raise(SIGTERM);
    _exit(128 + SIGTERM);  // not reached
}

}  // namespace forklab::forkrt
