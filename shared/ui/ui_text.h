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
    X(inspector_after_run, "The Inspector shows this run, from its trace, when it has finished.", \
      "El Inspector muestra esta ejecución, a partir de su traza, cuando termine.")           \
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
    X(status_running, "running... ~%.1fM instructions, virtual time %s ticks",                \
      "ejecutando... ~%.1fM instrucciones, tiempo virtual %s ticks")                          \
    X(status_paused, "paused at ~%.1fM instructions, virtual time %s ticks (F6 resumes)",     \
      "en pausa a ~%.1fM instrucciones, tiempo virtual %s ticks (F6 sigue)")                  \
    X(status_background, "running on %s... %.1f s", "ejecutando en %s... %.1f s")             \
    X(status_stopped, "stopped after %.0f ms", "detenido tras %.0f ms")                       \
    X(status_trace, "trace %s: %s run, %zu events, exit status %d",                           \
      "traza %s: ejecución en %s, %zu eventos, estado de salida %d")                          \
    X(status_finished, "%s: finished in %.0f ms, %.1fM instructions, exit status %d",         \
      "%s: terminó en %.0f ms, %.1fM instrucciones, estado de salida %d")                     \
    X(status_step, "step mode: step %zu", "modo paso a paso: paso %zu")                       \
    X(status_step_problem, "Step mode: %s", "Modo paso a paso: %s")                           \
    X(status_ready, "ready - press Run", "listo: pulsa Ejecutar")                             \
    X(read_only_running, "(read-only while running)", "(solo lectura durante la ejecución)")  \
    X(read_only_stepping, "(read-only while stepping)", "(solo lectura en el modo paso a paso)") \
    X(timeline_after, "The timeline appears when the run has finished.",                      \
      "La línea de tiempo aparece cuando termina la ejecución.")                              \
    X(timeline_empty, "Run the scenario to see one lane per process.",                        \
      "Ejecuta el escenario para ver una fila por proceso.")                                  \
    X(at_line, "line %d", "línea %d")                                                         \
    X(step_by, "step by", "avanzar por")                                                      \
    X(grain_visible, "visible operation", "operación visible")                                \
    X(grain_visible_tip, "until the process does something another process can see:\nshared memory, a lock, a pipe or queue, start/join, output", \
      "hasta que el proceso hace algo que otro proceso puede ver:\nmemoria compartida, un lock, una tubería o una cola, start/join, salida") \
    X(grain_instructions, "instructions", "instrucciones")                                    \
    X(grain_line, "source line", "línea de código")                                           \
    X(proc_exited, "%u %s: exited (%d)", "%u %s: terminado (%d)")                             \
    X(proc_starting, "%u %s: starting", "%u %s: empezando")                                   \
    X(proc_line, "%u %s: line %d", "%u %s: línea %d")                                         \
    X(proc_blocked, "%u %s: blocked, line %d", "%u %s: bloqueado, línea %d")                  \
    X(takes_next, "%s takes the next step", "%s da el siguiente paso")                        \
    X(threads_of, "threads:", "hilos:")                                                       \
    X(thread_line, "%s %s: line %d", "%s %s: línea %d")                                       \
    X(thread_gil, "%s %s: has the GIL, line %d", "%s %s: tiene el GIL, línea %d")             \
    X(thread_waiting, "%s %s: waiting, line %d", "%s %s: esperando, línea %d")                \
    X(thread_starting, "%s %s: starting", "%s %s: empezando")                                 \
    X(thread_tip, "%s takes the GIL and runs until its next visible operation or until it could\ngive the GIL up, as in CPython 3.11: a loop jumping back, a call of a Python\nfunction, Thread.start(), a wait (lock, sleep, join...), its end", \
      "%s toma el GIL y avanza hasta su siguiente operación visible o hasta donde podría\nsoltar el GIL, como en CPython 3.11: un bucle que vuelve atrás, la llamada a una\nfunción de Python, Thread.start(), una espera (lock, sleep, join...), su final") \
    X(thread_waits_tip, "%s waits in %s: choosing it tries the wait again",                   \
      "%s espera en %s: elegirlo intenta la espera de nuevo")                                  \
    X(back, "Back", "Atrás")                                                                  \
    X(back_tip, "Back one step (Shift+F10)", "Un paso atrás (Mayús+F10)")                     \
    X(step_slider, "step %d", "paso %d")                                                      \
    X(of_n, "of %d", "de %d")                                                                 \
    X(run_to_end, "Run to end", "Hasta el final")                                             \
    X(copy, "Copy", "Copiar")                                                                 \
    X(copy_tip, "copy the schedule (forklab run --schedule S replays it)",                    \
      "copiar el orden (forklab run --schedule S lo repite)")                                 \
    X(schedule, "schedule", "orden")                                                          \
    X(empty, "(empty)", "(vacío)")                                                            \
    X(run_ended, "the run has ended: exit status %d", "la ejecución terminó: estado de salida %d") \
    X(take_step, "Take a step: the timeline shows one lane per process.",                     \
      "Da un paso: la línea de tiempo muestra una fila por proceso.")                         \
    X(step_output_empty, "Program output appears here as the steps write it.",                \
      "Aquí aparece la salida del programa a medida que los pasos la escriben.")              \
    X(state_created, "created", "creado")                                                     \
    X(tl_fit, "Fit", "Ajustar")                                                               \
    X(tl_time_ticks, "time (ticks)", "tiempo (ticks)")                                        \
    X(tl_time, "time", "tiempo")                                                              \
    X(tl_fit_tip, "Show the whole run (or double-click the lanes)",                           \
      "Mostrar toda la ejecución (o doble clic en las filas)")                                \
    X(tl_hint, "wheel: zoom   drag: pan", "rueda: zoom   arrastrar: desplazar")               \
    /* the Inspector of a trace (a run not simulated here, a trace file): trace/trace_state.h */ \
    X(trace_at_cursor, "The run at %s (the timeline's cursor; right-click the timeline to remove it)", \
      "La ejecución en %s (el cursor de la línea de tiempo; clic derecho en ella para quitarlo)") \
    X(trace_at_end, "The run at its end, %s. Click the timeline to see another moment.",      \
      "La ejecución al final, %s. Haz clic en la línea de tiempo para ver otro momento.")     \
    X(trace_known, "From the trace's events: the last value read or written of each cell (floats by their whole part); the trace keeps no variable names.", \
      "Según los eventos de la traza: el último valor leído o escrito de cada celda (los float, por su parte entera); la traza no guarda nombres de variables.") \
    X(trace_processes, "Processes", "Procesos")                                               \
    X(trace_pipes, "Pipes (messages on their way)", "Tuberías (mensajes en camino)")          \
    X(col_reads_writes, "reads / writes", "lecturas / escrituras")                             \
    X(col_holder, "holder", "lo tiene")                                                       \
    X(col_acquired, "times taken", "veces tomado")                                            \
    X(col_put_got, "put / got", "puestos / sacados")                                          \
    X(col_sent, "sent", "enviados")                                                           \
    X(col_in_flight, "on their way", "en camino")                                             \
    X(col_detail, "detail", "detalle")                                                        \
    X(not_started, "not created yet", "aún no creado")                                        \
    X(waiting_for, "waiting for: %s", "esperando: %s")                                       \
    X(exit_code_is, "exit code %d", "código de salida %d")                                    \
    X(trace_no_source, "# %s carries no source code:\n# it was recorded before forklab kept\n# the scenario in its traces.\n#\n# The timeline, the output and the\n# Inspector are the trace's. Load or\n# write a scenario here to run it.\n", \
      "# %s no trae el código fuente:\n# se grabó antes de que forklab guardara\n# el escenario en sus trazas.\n#\n# La línea de tiempo, la salida y el\n# Inspector son de la traza. Carga o\n# escribe aquí un escenario para ejecutarlo.\n") \
    X(tab_experiments, "Experiments", "Experimentos")                                         \
    X(cancel, "Cancel", "Cancelar")                                                           \
    X(explored_all, "explored all %llu schedules in %.1f s", "explorados los %llu órdenes en %.1f s") \
    X(explored_some, "explored %llu of at least %llu schedules (stopped: %s)",                \
      "explorados %llu de al menos %llu órdenes (detenido: %s)")                              \
    X(explored_loops_note, "Some schedules came back to a state they had passed (a process waiting in a loop for something another has not done yet). Such a loop can go round any number of times: those schedules are not counted, and the outcomes are those of the schedules that leave the loop.", \
      "Algunos órdenes volvieron a un estado por el que ya habían pasado (un proceso que espera en un bucle algo que otro aún no ha hecho). Ese bucle puede dar cualquier número de vueltas: esos órdenes no se cuentan, y los resultados son los de los órdenes que salen del bucle.") \
    X(outcome_exit, "exit status %d", "estado de salida %d")                                  \
    X(outcome_deadlock, "deadlock", "interbloqueo")                                           \
    X(outcome_cut, "cut short (step limit)", "cortado (límite de pasos)")                     \
    X(outcome_error, "stopped by an error", "detenido por un error")                          \
    X(speedup, "Speed-up vs cores", "Aceleración según núcleos")                              \
    X(speedup_tip, "Run the scenario on the simulator with 1, 2, 4 and 8 virtual cores and plot t(1)/t(n)", \
      "Ejecuta el escenario en el simulador con 1, 2, 4 y 8 núcleos virtuales y dibuja t(1)/t(n)") \
    X(speedup_running, "running on %d core(s)...", "ejecutando con %d núcleo(s)...")          \
    X(speedup_title, "Speed-up on the simulator (virtual time)", "Aceleración en el simulador (tiempo virtual)") \
    X(speedup_x, "virtual cores", "núcleos virtuales")                                        \
    X(speedup_y, "speed-up t(1)/t(n)", "aceleración t(1)/t(n)")                               \
    X(speedup_measured, "measured", "medida")                                                 \
    X(amdahl, "Amdahl, p = %.2f", "Amdahl, p = %.2f")                                         \
    X(keys_hint, "F5 run  F6 pause  F10 step  Shift+F10 back  Esc stop   timeline: wheel zoom, drag pan, double-click fit, click marks a moment", \
      "F5 ejecutar  F6 pausa  F10 paso  Mayús+F10 atrás  Esc detener   línea de tiempo: rueda zoom, arrastrar desplaza, doble clic ajusta, clic marca un instante")

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
// A language's name ("es", "EN-us", ...) is read by forklab::lang_from_name (runtime/diagnostic.h).

}  // namespace forklab::ui
