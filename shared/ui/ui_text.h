// The viewer's own words in English and Spanish: one X-macro table (ui_text.cpp), so a label
// cannot exist in one language only (tests/unit/test_ui_text.cpp also checks that both texts
// of an entry take the same printf arguments). The language is process-wide UI state: the
// desktop sets it from `forklab gui --lang`, the page from forklab.setLanguage().
// Plain C++ (no ImGui) so unit tests reach it.
#pragma once
#include <cstddef>

#include "runtime/diagnostic.h"  // Lang

namespace forklab::ui {

// X(id, English, Spanish). Texts with printf conversions say so in their id's comment.
#define FORKLAB_UI_TEXTS(X)                                                                     \
    X(backend, "backend", "backend")                                                          \
    X(seed, "seed", "semilla")                                                                \
    X(cores, "cores", "núcleos")                                                              \
    X(speed, "speed", "velocidad")                                                            \
    X(speed_slow, "slow", "lenta")                                                            \
    X(speed_normal, "normal", "normal")                                                       \
    X(speed_fast, "fast", "rápida")                                                           \
    X(speed_tip, "Instructions the simulator runs per frame: slow lets you watch the run unfold", \
      "Instrucciones que el simulador ejecuta por fotograma: en lenta se ve avanzar la ejecución") \
    X(seed_cores_tip, "seed and cores apply to the simulator",                                 \
      "la semilla y los núcleos se aplican al simulador")                                      \
    X(run, "Run", "Ejecutar")                                                                 \
    X(run_tip, "Run the code (F5 or Ctrl+Enter)", "Ejecutar el código (F5 o Ctrl+Intro)")     \
    X(stop, "Stop", "Detener")                                                                \
    X(stop_tip, "Stop the run (Esc)", "Detener la ejecución (Esc)")                           \
    X(pause, "Pause", "Pausa")                                                                \
    X(resume, "Resume", "Seguir")                                                             \
    X(pause_tip, "Pause or resume the simulation (F6)", "Pausar o reanudar la simulación (F6)") \
    X(step, "Step", "Paso")                                                                   \
    X(step_tip, "Step mode (sim): choose which process takes the next step (F10; Shift+F10 goes back)", \
      "Modo paso a paso (sim): elige qué proceso da el siguiente paso (F10; Mayús+F10 retrocede)") \
    X(end_steps, "End steps", "Salir de pasos")                                               \
    X(reset, "Reset", "Reiniciar")                                                            \
    X(reset_tip, "Back to the start: clear the run, or go back to step 0",                    \
      "Volver al principio: borra la ejecución o vuelve al paso 0")                           \
    X(language, "Español", "English")                                                         \
    X(language_tip, "Cambiar a español", "Switch to English")                                 \
    X(tab_output, "Output", "Salida")                                                         \
    X(tab_results, "Results", "Resultados")                                                   \
    X(tab_inspector, "Inspector", "Inspector")                                                \
    X(no_output, "Program output appears here.", "Aquí aparece la salida del programa.")      \
    X(no_run, "Run the scenario (or step it) to inspect it.",                                 \
      "Ejecuta el escenario (o avanza paso a paso) para inspeccionarlo.")                     \
    X(inspector_other_backend, "The inspector reads the simulator's state: run on sim or use Step mode.", \
      "El inspector lee el estado del simulador: ejecuta en sim o usa el modo paso a paso.")  \
    X(shared_memory, "Shared memory (Value, Array)", "Memoria compartida (Value, Array)")     \
    X(locks, "Locks", "Locks (cerrojos)")                                                     \
    X(queues, "Queues", "Colas (Queue)")                                                      \
    X(pipes, "Pipes", "Tuberías (Pipe)")                                                      \
    X(variables, "Variables of each process", "Variables de cada proceso")                    \
    X(col_name, "name", "nombre")                                                             \
    X(col_type, "type", "tipo")                                                               \
    X(col_value, "value", "valor")                                                            \
    X(col_state, "state", "estado")                                                           \
    X(col_owner, "owner", "dueño")                                                            \
    X(col_waiters, "waiting", "esperando")                                                    \
    X(col_items, "items", "elementos")                                                        \
    X(col_contents, "contents", "contenido")                                                  \
    X(col_scope, "scope", "ámbito")                                                           \
    X(col_process, "process", "proceso")                                                      \
    X(col_exit, "exit code", "código de salida")                                              \
    X(col_writes, "writes", "escrituras")                                                     \
    X(col_lost, "updates lost", "actualizaciones perdidas")                                   \
    X(held, "held", "tomado")                                                                 \
    X(free_, "free", "libre")                                                                 \
    X(none_yet, "none yet", "ninguno todavía")                                                \
    X(global_scope, "global", "global")                                                       \
    X(unnamed, "(no variable)", "(sin variable)")                                             \
    X(end_sends, "end %s: %zu message(s) waiting", "extremo %s: %zu mensaje(s) esperando")    \
    X(final_shared, "Shared values at the end", "Valores compartidos al final")               \
    X(shared_now, "Shared values now", "Valores compartidos ahora")                           \
    X(lost_explain, "An update is lost when a process writes back a value computed from a read that another process's write had already made stale.", \
      "Una actualización se pierde cuando un proceso escribe un valor calculado a partir de una lectura que la escritura de otro proceso ya había dejado obsoleta.") \
    X(trace_cut, "(counted over the recorded part of the trace: %llu events were not kept)",  \
      "(contadas sobre la parte registrada de la traza: %llu eventos no se guardaron)")       \
    X(exit_codes, "Exit code of each process", "Código de salida de cada proceso")           \
    X(still_running, "still running", "aún en ejecución")                                     \
    X(exit_status, "exit status %d", "estado de salida %d")                                   \
    X(state_ready, "ready", "listo")                                                          \
    X(state_running, "running", "ejecutando")                                                 \
    X(state_blocked, "blocked", "bloqueado")                                                  \
    X(state_exited, "exited", "terminado")                                                    \
    X(what_else, "What else could happen?", "¿Qué más podría pasar?")                         \
    X(what_else_tip, "Run the scenario in every order of its visible operations (simulator) and count the outcomes", \
      "Ejecuta el escenario en todos los órdenes de sus operaciones visibles (simulador) y cuenta los resultados") \
    X(exploring, "exploring: %llu runs, %llu outcomes", "explorando: %llu ejecuciones, %llu resultados") \
    X(outcomes, "Outcomes", "Resultados posibles")                                            \
    X(open_witness, "Step through it", "Verlo paso a paso")                                   \
    X(open_witness_tip, "Open this outcome's shortest schedule in Step mode",                 \
      "Abrir en el modo paso a paso el orden más corto que da este resultado")                \
    X(schedules, "%llu schedule(s)", "%llu orden(es)")                                        \
    X(keys_hint, "F5 run  F6 pause  F10 step  Shift+F10 back  Esc stop   timeline: wheel zoom, drag pan, double-click fit", \
      "F5 ejecutar  F6 pausa  F10 paso  Mayús+F10 atrás  Esc detener   línea de tiempo: rueda zoom, arrastrar desplaza, doble clic ajusta")

enum class Text : unsigned short {
#define X(id, en, es) id,
    FORKLAB_UI_TEXTS(X)
#undef X
    count_
};

// The text in the current language (never null).
const char* tr(Text t);
// The text in `lang` (tests; the page's string check).
const char* tr(Text t, Lang lang);
void set_ui_language(Lang lang);
Lang ui_language();
// "es" or "en" (also "es-AR", "ES", ...) into *out; false for anything else.
bool ui_language_from_name(const char* name, Lang* out);

}  // namespace forklab::ui
