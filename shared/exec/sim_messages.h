// Every sentence the simulator explains a run with (deadlocks, budgets, blocked states), in
// English and Spanish, as one X-macro table: a sentence cannot exist in one language only.
// Placeholders {0} .. {5} are filled by say(); the texts never end with a full stop, so the
// caller can join them.
#pragma once
#include <initializer_list>
#include <string>
#include <string_view>

#include "exec/run.h"

namespace forklab::sim {

#define FORKLAB_SIM_MESSAGES(X)                                                                                    \
    /* object labels */                                                                                            \
    X(lock_named, "lock `{0}`", "el lock `{0}`")                                                                   \
    X(rlock_named, "RLock `{0}`", "el RLock `{0}`")                                                                \
    X(lock_unnamed, "a Lock (no. {0})", "un Lock (n.º {0})")                                                       \
    X(rlock_unnamed, "an RLock (no. {0})", "un RLock (n.º {0})")                                                   \
    X(queue_named, "queue `{0}`", "la cola `{0}`")                                                                 \
    X(queue_unnamed, "a Queue", "una Queue")                                                                       \
    X(barrier_named, "barrier `{0}`", "la barrera `{0}`")                                                          \
    X(barrier_unnamed, "the Barrier", "la Barrier")                                                                \
    X(event_named, "event `{0}`", "el evento `{0}`")                                                               \
    X(event_unnamed, "the Event", "el Event")                                                                      \
    X(condition_named, "condition `{0}`", "la condición `{0}`")                                                    \
    X(condition_unnamed, "the Condition", "la Condition")                                                          \
    X(semaphore_named, "semaphore `{0}`", "el semáforo `{0}`")                                                     \
    X(semaphore_unnamed, "the Semaphore", "el Semaphore")                                                          \
    X(condition_lock, "the lock of condition `{0}`", "el lock de la condición `{0}`")                              \
    X(value_lock, "the lock of `{0}`", "el lock de `{0}`")                                                         \
    X(condition_lock_unnamed, "the lock of its Condition", "el lock de su Condition")                              \
    X(and_word, " and ", " y ")                                                                                    \
    X(pool_worker_idle, "{0} is a Pool worker waiting for a task, and no process can send it one",                 \
      "{0} es un worker del Pool que espera una tarea, y ningún proceso puede enviársela")                         \
    X(pool_result, "{0} waits in `{1}` (line {2}) for a result of the Pool that no worker can produce",            \
      "{0} espera en `{1}` (línea {2}) un resultado del Pool que ningún worker puede producir")                                                                                    \
    /* deadlock: the wait-for cycle */                                                                             \
    X(deadlock_head, "no process can run: every process still alive is waiting, and no wait has a timeout",       \
      "ningún proceso puede avanzar: todos los procesos vivos están esperando y ninguna espera tiene tiempo límite") \
    X(cycle_hold_wait, "{0} holds {1} and waits for {2} (line {3})", "{0} tiene {1} y espera {2} (línea {3})")    \
    X(cycle_wait, "{0} waits for {1} (line {2})", "{0} espera {1} (línea {2})")                                    \
    X(cycle_hold_join, "{0} holds {1} and waits in `{2}` for {3} to end (line {4})",                               \
      "{0} tiene {1} y espera en `{2}` a que termine {3} (línea {4})")                                             \
    X(cycle_end, "That is a wait-for cycle: each one waits for the next, so none of them can ever go on",          \
      "Es un ciclo de espera: cada uno espera al siguiente, así que ninguno podrá avanzar nunca")                  \
    X(self_lock, "{0} already holds {1} and waits for it again (line {2}): a Lock is not reentrant; release it "   \
      "first, or use an RLock",                                                                                    \
      "{0} ya tiene {1} y vuelve a esperarlo (línea {2}): un Lock no es reentrante; suéltalo antes o usa un RLock") \
    /* deadlock: one process's wait */                                                                             \
    X(wait_lock, "{0} waits for {1} (line {2}), which {3} holds", "{0} espera {1} (línea {2}), que tiene {3}")     \
    X(wait_reacquire, "{0} was woken in `{1}` and waits to take back {2} (line {3}), which {4} holds",             \
      "{0} fue despertado en `{1}` y espera recuperar {2} (línea {3}), que tiene {4}")                             \
    X(wait_join, "{0} waits in `{1}` for {2} to end (line {3})", "{0} espera en `{1}` a que termine {2} (línea {3})") \
    X(join_before_drain, "{0} waits in `{1}` for {2} to end (line {3}), but {2} cannot end until the {4} it put "  \
      "on {5} is read: a process that put items on a Queue waits for them to be read before it exits, so get() "   \
      "them before join()",                                                                                        \
      "{0} espera en `{1}` a que termine {2} (línea {3}), pero {2} no puede terminar hasta que se lean los {4} "   \
      "que puso en {5}: un proceso que puso elementos en una Queue espera a que se lean antes de terminar, así "   \
      "que haz get() antes de join()")                                                                            \
    X(feeder_alone, "{0} has finished but cannot exit until the {1} it put on {2} is read",                        \
      "{0} ha terminado pero no puede salir hasta que se lean los {1} que puso en {2}")                            \
    X(recv_self, "{0} waits in `{1}` (line {2}) for a message nobody can send: the other end of the pipe is open " \
      "only in {0} itself (close the end a process does not use, or send before receiving)",                      \
      "{0} espera en `{1}` (línea {2}) un mensaje que nadie puede enviar: el otro extremo de la tubería solo está " \
      "abierto en el propio {0} (cierra el extremo que un proceso no usa, o envía antes de recibir)")              \
    X(recv_blocked, "{0} waits in `{1}` (line {2}) for a message nobody can send: the other end of the pipe is "   \
      "open in {3}, and they are all waiting too",                                                                 \
      "{0} espera en `{1}` (línea {2}) un mensaje que nadie puede enviar: el otro extremo de la tubería está "      \
      "abierto en {3}, y todos están esperando también")                                                           \
    X(send_full, "{0} waits in `{1}` (line {2}): the pipe is full ({3}) and nobody reads its other end",           \
      "{0} espera en `{1}` (línea {2}): la tubería está llena ({3}) y nadie lee del otro extremo")                  \
    X(get_empty, "{0} waits in `{1}` (line {2}) on an empty queue that no other process can put into (they are "   \
      "all waiting or have ended)",                                                                                \
      "{0} espera en `{1}` (línea {2}): la cola está vacía y ningún otro proceso puede poner nada en ella (todos "  \
      "esperan o han terminado)")                                                                                  \
    X(put_full, "{0} waits in `{1}` (line {2}) on a full queue that nobody reads",                                 \
      "{0} espera en `{1}` (línea {2}): la cola está llena y nadie la lee")                                           \
    X(put_big, "{0} waits in `{1}` (line {2}): the item is larger than the queue's pipe ({3}) and nobody reads it", \
      "{0} espera en `{1}` (línea {2}): el elemento es más grande que la tubería de la cola ({3}) y nadie lo lee") \
    X(barrier_short, "{0} waits in `{1}` (line {2}): {3} needs {4} parties, only {5} have arrived, and no other "   \
      "process can arrive",                                                                                        \
      "{0} espera en `{1}` (línea {2}): {3} necesita {4} participantes, solo han llegado {5} y ningún otro "        \
      "proceso puede llegar")                                                                                      \
    X(event_unset, "{0} waits in `{1}` (line {2}) for {3}, which is not set, and no other process can set it",     \
      "{0} espera en `{1}` (línea {2}) a que se active {3}, y ningún otro proceso puede activarlo")        \
    X(condition_unnotified, "{0} waits in `{1}` (line {2}) on {3}, and no other process can notify it",            \
      "{0} espera en `{1}` (línea {2}) un notify() de {3}, y ningún otro proceso puede hacerlo")                           \
    X(semaphore_zero, "{0} waits in `{1}` (line {2}): {3} is at 0 and no other process can release it",           \
      "{0} espera en `{1}` (línea {2}): {3} está a 0 y ningún otro proceso puede liberarlo")                       \
    X(tasks_left, "{0} waits in `{1}` (line {2}): {3} items put on {4} have had no task_done(), and no other "     \
      "process can call it",                                                                                       \
      "{0} espera en `{1}` (línea {2}): {3} elementos puestos en {4} no han tenido task_done(), y ningún otro "     \
      "proceso puede llamarlo")                                                                                    \
    X(threads_idle, "{0}: all its threads are waiting (line {1})", "{0}: todos sus hilos están esperando (línea {1})") \
    X(wait_generic, "{0} waits in `{1}` (line {2})", "{0} espera en `{1}` (línea {2})")                           \
    X(nested_ready, "{0} (line {1}) could go on but waits nested (inside a generator, a key function ...) under "  \
      "another nested wait, and forklab's sim resumes those innermost first",                                      \
      "{0} (línea {1}) podría seguir, pero espera anidado (dentro de un generador, una función key ...) bajo otra " \
      "espera anidada, y el sim de forklab reanuda primero las más internas")                                      \
    /* a blocked process's state (trace, budget reports) */                                                        \
    X(state_lock, "waiting for lock `{0}`", "esperando el lock `{0}`")                                             \
    X(state_lock_unnamed, "waiting for a Lock", "esperando un Lock")                                               \
    X(state_on, "waiting on `{0}`", "esperando en `{0}`")                                                          \
    X(state_in, "waiting in `{0}`", "esperando en `{0}`")                                                          \
    X(state_sleep, "sleeping in `{0}`", "durmiendo en `{0}`")                                                      \
    X(state_reacquire, "woken in `{0}`, taking back its lock", "despertado en `{0}`, recuperando su lock")         \
    X(state_arrived, "{0} ({1} of {2} arrived)", "{0} (han llegado {1} de {2})")                                   \
    X(state_threads, "waiting in all its threads", "esperando en todos sus hilos")                                 \
    X(state_exit, "finished, waiting for its queue items to be read before it exits",                              \
      "terminado, esperando a que se lean sus elementos de la cola antes de salir")                                \
    /* budgets */                                                                                                  \
    X(budget_instructions, "the run reached its budget of {0} instructions (--max-instructions, "                 \
      "RunLimits.max_instructions) without finishing: a loop that never ends, or processes that keep each other "  \
      "busy without progress",                                                                                     \
      "la ejecución llegó a su límite de {0} instrucciones (--max-instructions, RunLimits.max_instructions) sin "   \
      "terminar: un bucle que no acaba, o procesos que se mantienen ocupados sin avanzar")                         \
    X(budget_time, "virtual time reached its budget of {0} s (--max-time, RunLimits.max_virtual_seconds) without " \
      "the run finishing: processes kept running, sleeping or waiting with timeouts",                              \
      "el tiempo virtual llegó a su límite de {0} s (--max-time, RunLimits.max_virtual_seconds) sin que la "        \
      "ejecución terminara: los procesos siguieron ejecutándose, durmiendo o esperando con tiempo límite")         \
    X(budget_running, "{0} was still running at line {1}, after {2} instructions",                                 \
      "{0} seguía ejecutándose en la línea {1}, tras {2} instrucciones")                                           \
    X(budget_blocked, "{0} was {1} at line {2}, after {3} instructions",                                           \
      "{0} estaba {1} en la línea {2}, tras {3} instrucciones")                                                    \
    /* real runs (fork, threads): they cannot see who waits for what, the simulator can */                        \
    X(budget_wall, "the run took longer than {0} s of wall-clock time (--max-time, RunLimits.max_wall_seconds): "   \
      "a loop that never ends, or processes waiting for each other; `forklab run --backend sim` names who "         \
      "waits for what",                                                                                            \
      "la ejecución tardó más de {0} s de tiempo real (--max-time, RunLimits.max_wall_seconds): un bucle que no "   \
      "acaba, o procesos que se esperan unos a otros; `forklab run --backend sim` dice quién espera a quién")

enum class Msg {
#define X(id, en, es) id,
    FORKLAB_SIM_MESSAGES(X)
#undef X
    count_
};

// The sentence `m` in `lang` with {0}, {1} ... replaced by `args`.
std::string say(Lang lang, Msg m, std::initializer_list<std::string_view> args = {});
// A number of seconds as the sentences show it: "3", "0.5", "1e+03".
std::string seconds_text(double seconds);

}  // namespace forklab::sim
