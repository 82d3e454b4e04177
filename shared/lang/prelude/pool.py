# multiprocessing.Pool, the part written in the scenario language (see shared/lang/prelude.h).
#
# The runtime sets four globals before this module runs (module_pool.cpp): `multiprocessing`,
# `queue` and `time` (the modules, as `import` gives them) and `_native` (helpers that never
# block). User code cannot name anything defined here; `import multiprocessing` exports Pool,
# TimeoutError and the `pool` namespace.
#
# CPython runs three threads in the parent (worker handler, task handler, result handler).
# forklab's parent has no threads of its own, so:
#   - tasks go straight onto the task queue, a SimpleQueue as in CPython: its put serializes
#     at once (a lambda fails there, and fails its job), has no feeder to flush at exit, and
#     may block while the queue is full, which cannot deadlock because workers put their
#     results on a Queue, whose put never blocks;
#   - results are collected whenever the parent waits (get, wait, join, map, imap, ready):
#     that is when callbacks run and when a worker that ended after maxtasksperchild tasks is
#     replaced (it says so on the result queue before exiting);
#   - imap and imap_unordered wait for the whole job before handing out the first result
#     (on sim a blocking call may not come from inside __next__, which native code calls).
# Every wait below is a native queue call made from this bytecode, so it may block on sim.

RUN = 0
CLOSE = 1
TERMINATE = 2
_STATE_NAMES = ["RUN", "CLOSE", "TERMINATE"]

# Task kinds: what a worker does with (func, args).
CALL = 0       # apply: func(*args[0], **args[1])
MAPSTAR = 1    # map: one chunk, [func(x) for x in args]
STARMAP = 2    # starmap: one chunk, [func(*x) for x in args]

# The job number a worker sends when it ends after maxtasksperchild tasks.
WORKER_EXIT = -1
# In a failed result instead of the exception: its result could not be sent.
ENCODING_ERROR = "MaybeEncodingError"


class ProcessError(Exception):
    pass


class TimeoutError(ProcessError):
    pass


class RemoteTraceback(Exception):
    def __init__(self, tb):
        self.tb = tb

    def __str__(self):
        return self.tb


class MaybeEncodingError(Exception):
    def __init__(self, exc, value):
        self.exc = repr(exc)
        self.value = repr(value)
        super().__init__(self.exc, self.value)

    def __str__(self):
        return "Error sending result: '%s'. Reason: '%s'" % (self.value, self.exc)


def mapstar(func, chunk):
    return [func(x) for x in chunk]


def starmapstar(func, chunk):
    return [func(*x) for x in chunk]


def worker(inqueue, outqueue, initializer, initargs, maxtasks):
    if initializer is not None:
        initializer(*initargs)
    get = inqueue.get
    left = -1 if maxtasks is None else maxtasks   # -1: no limit
    while left != 0:
        task = get()
        if task is None:
            return
        job, i, kind, func, args = task
        try:
            if kind == MAPSTAR:
                result = (True, mapstar(func, args))
            elif kind == CALL:
                result = (True, func(*args[0], **args[1]))
            else:
                result = (True, starmapstar(func, args))
        except Exception as e:
            result = (False, e, _native.format_exception(e))
        try:
            _native.put_result(outqueue, (job, i, result))
        except Exception as e:
            # The parent rebuilds MaybeEncodingError from these texts: the class itself
            # cannot travel by name, since its global name is the prelude's.
            _native.put_result(outqueue, (job, i, (False, ENCODING_ERROR, repr(e), repr(result[1]))))
        task = func = args = result = None   # what the task held is not kept alive while waiting
        left -= 1
    outqueue.put((WORKER_EXIT, multiprocessing.current_process().name, None))


class Pool:
    def __init__(self, processes=None, initializer=None, initargs=(), maxtasksperchild=None, context=None):
        self._pool = []
        self._state = RUN
        self._cache = {}
        self._jobs = 0
        if processes is None:
            processes = multiprocessing.cpu_count() or 1
        if processes < 1:
            raise ValueError("Number of processes must be at least 1")
        if maxtasksperchild is not None:
            if not isinstance(maxtasksperchild, int) or maxtasksperchild <= 0:
                raise ValueError("maxtasksperchild must be a positive int or None")
        if initializer is not None and not callable(initializer):
            raise TypeError("initializer must be a callable")
        # The workers come from the context: get_context('spawn').Pool() or set_start_method
        # ('spawn') gives SpawnPoolWorkers, which re-run the module's top level. As in CPython,
        # asking for the default context fixes the start method.
        self._ctx = context if context is not None else multiprocessing.get_context()
        self._processes = processes
        self._initializer = initializer
        self._initargs = initargs
        self._maxtasksperchild = maxtasksperchild
        self._inqueue = multiprocessing.SimpleQueue()
        self._outqueue = multiprocessing.Queue()
        for _ in range(processes):
            self._add_worker()

    def __repr__(self):
        return "<multiprocessing.pool.Pool state=%s pool_size=%d>" % (_STATE_NAMES[self._state], len(self._pool))

    def _add_worker(self):
        w = self._ctx.Process(target=worker, args=(self._inqueue, self._outqueue, self._initializer,
                                                   self._initargs, self._maxtasksperchild))
        w.name = w.name.replace("Process", "PoolWorker")  # ForkProcess-3: ForkPoolWorker-3
        w.daemon = True
        w.start()
        self._pool.append(w)

    def _check_running(self):
        if self._state != RUN:
            raise ValueError("Pool not running")

    # --- results: collected while the parent waits -----------------------------------------
    def _handle(self, item):
        job, i, obj = item
        if job == WORKER_EXIT:
            self._replace_worker(i)
            return
        if not obj[0] and len(obj) == 3:
            exc = obj[1]
            exc.__cause__ = RemoteTraceback('\n"""\n' + obj[2] + '"""')
            obj = (False, exc)
        elif not obj[0] and len(obj) == 4:
            exc = MaybeEncodingError(None, None)
            exc.exc = obj[2]
            exc.value = obj[3]
            exc.args = (obj[2], obj[3])
            obj = (False, exc)
        r = self._cache.get(job)
        if r is not None:
            r._set(i, obj)

    def _replace_worker(self, name):
        for k in range(len(self._pool)):
            w = self._pool[k]
            if w.name == name:
                w.join()
                del self._pool[k]
                break
        if self._state != TERMINATE:
            self._add_worker()

    def _poll(self):
        while not self._outqueue.empty():
            self._handle(self._outqueue.get())

    def _wait_for(self, result, timeout):
        if timeout is None:
            while not result._ready:
                self._handle(self._outqueue.get())
            return
        deadline = time.monotonic() + timeout
        while not result._ready:
            left = deadline - time.monotonic()
            if left <= 0:
                self._poll()
                return
            try:
                item = self._outqueue.get(True, left)
            except queue.Empty:
                return
            self._handle(item)

    # --- submitting --------------------------------------------------------------------------
    def _put(self, result, i, kind, func, args):
        # As CPython's task handler: a task that cannot be sent (a lambda) fails its job.
        try:
            self._inqueue.put((result._job, i, kind, func, args))
        except Exception as e:
            result._set(i, (False, e))

    def apply(self, func, args=(), kwds={}):
        return self.apply_async(func, args, kwds).get()

    def apply_async(self, func, args=(), kwds={}, callback=None, error_callback=None):
        self._check_running()
        result = ApplyResult(self, callback, error_callback)
        self._put(result, 0, CALL, func, (args, kwds))
        return result

    def map(self, func, iterable, chunksize=None):
        return self._map_async(func, iterable, MAPSTAR, chunksize, None, None).get()

    def map_async(self, func, iterable, chunksize=None, callback=None, error_callback=None):
        return self._map_async(func, iterable, MAPSTAR, chunksize, callback, error_callback)

    def starmap(self, func, iterable, chunksize=None):
        return self._map_async(func, iterable, STARMAP, chunksize, None, None).get()

    def starmap_async(self, func, iterable, chunksize=None, callback=None, error_callback=None):
        return self._map_async(func, iterable, STARMAP, chunksize, callback, error_callback)

    def _map_async(self, func, iterable, kind, chunksize, callback, error_callback):
        self._check_running()
        if not isinstance(iterable, (list, tuple)):
            iterable = list(iterable)
        n = len(iterable)
        if chunksize is None:
            chunksize, extra = divmod(n, len(self._pool) * 4)
            if extra:
                chunksize += 1
        if n == 0:
            chunksize = 0
        result = MapResult(self, chunksize, n, callback, error_callback)
        self._put_chunks(result, kind, func, iterable, chunksize)
        return result

    def _put_chunks(self, result, kind, func, items, chunksize):
        # put_tasks does the common case natively and stops at a task it cannot put
        # without blocking on sim, or cannot serialize: that one takes the ordinary path.
        chunks = (len(items) + chunksize - 1) // chunksize if chunksize else 0
        i = 0
        while i < chunks:
            i = _native.put_tasks(self._inqueue, result._job, kind, func, items, chunksize, i)
            if i < chunks:
                start = i * chunksize
                self._put(result, i, kind, func, tuple(items[start:start + chunksize]))
                i += 1

    def imap(self, func, iterable, chunksize=1):
        return self._imap(func, iterable, chunksize, True)

    def imap_unordered(self, func, iterable, chunksize=1):
        return self._imap(func, iterable, chunksize, False)

    def _imap(self, func, iterable, chunksize, ordered):
        self._check_running()
        if chunksize < 1:
            raise ValueError("Chunksize must be 1+, not {0:n}".format(chunksize))
        if not isinstance(iterable, (list, tuple)):
            iterable = list(iterable)
        result = IMapIterator(self, len(iterable), chunksize, ordered)
        self._put_chunks(result, MAPSTAR, func, iterable, chunksize)
        self._wait_for(result, None)
        return result

    # --- life cycle --------------------------------------------------------------------------
    def close(self):
        if self._state == RUN:
            self._state = CLOSE
            for _ in range(self._processes):
                self._inqueue.put(None)

    def terminate(self):
        self._state = TERMINATE
        for w in self._pool:
            if w.exitcode is None:
                w.terminate()
        for w in self._pool:
            w.join()

    def join(self):
        if self._state == RUN:
            raise ValueError("Pool is still running")
        if self._state == CLOSE:
            while self._cache:
                self._handle(self._outqueue.get())
        for w in self._pool:
            w.join()

    def __enter__(self):
        self._check_running()
        return self

    def __exit__(self, exc_type, exc_val, exc_tb):
        self.terminate()


class ApplyResult:
    def __init__(self, pool, callback, error_callback):
        self._pool = pool
        self._job = pool._jobs
        pool._jobs += 1
        self._cache = pool._cache
        self._ready = False
        self._success = None
        self._value = None
        self._callback = callback
        self._error_callback = error_callback
        self._cache[self._job] = self

    def ready(self):
        if not self._ready and self._pool is not None:
            self._pool._poll()
        return self._ready

    def successful(self):
        if not self.ready():
            raise ValueError("{0!r} not ready".format(self))
        return self._success

    def wait(self, timeout=None):
        if not self._ready:
            self._pool._wait_for(self, timeout)

    def get(self, timeout=None):
        self.wait(timeout)
        if not self._ready:
            raise TimeoutError
        if self._success:
            return self._value
        raise self._value

    def _done(self):
        self._ready = True
        del self._cache[self._job]
        self._pool = None

    def _set(self, i, obj):
        self._success, self._value = obj
        if self._callback and self._success:
            self._callback(self._value)
        if self._error_callback and not self._success:
            self._error_callback(self._value)
        self._done()


AsyncResult = ApplyResult


class MapResult(ApplyResult):
    def __init__(self, pool, chunksize, length, callback, error_callback):
        super().__init__(pool, callback, error_callback)
        self._success = True
        self._value = [None] * length
        self._chunksize = chunksize
        if chunksize <= 0:
            self._number_left = 0
            self._done()
        else:
            self._number_left = length // chunksize + (1 if length % chunksize else 0)

    def _set(self, i, success_result):
        self._number_left -= 1
        success, result = success_result
        if success and self._success:
            self._value[i * self._chunksize:(i + 1) * self._chunksize] = result
            if self._number_left == 0:
                if self._callback:
                    self._callback(self._value)
                self._done()
        else:
            if not success and self._success:
                self._success = False   # only the first exception is kept
                self._value = result
            if self._number_left == 0:
                if self._error_callback:
                    self._error_callback(self._value)
                self._done()


class IMapIterator:
    # Filled completely before imap() returns (see the top of this file); hands out the
    # results in task order (imap) or in the order they arrived (imap_unordered), raising a
    # task's exception where its result would have been.
    def __init__(self, pool, length, chunksize, ordered):
        self._pool = pool
        self._job = pool._jobs
        pool._jobs += 1
        self._cache = pool._cache
        self._ordered = ordered
        self._chunks = {}
        self._arrived = []
        self._number_left = length // chunksize + (1 if length % chunksize else 0)
        self._items = []
        self._index = 0
        self._ready = self._number_left == 0
        if not self._ready:
            self._cache[self._job] = self

    def _set(self, i, obj):
        if obj[0]:
            entries = [(True, v) for v in obj[1]]
        else:
            entries = [obj]
        if self._ordered:
            self._chunks[i] = entries
        else:
            self._items.extend(entries)
        self._number_left -= 1
        if self._number_left == 0:
            if self._ordered:
                for k in range(len(self._chunks)):
                    self._items.extend(self._chunks[k])
                self._chunks = None
            self._ready = True
            del self._cache[self._job]
            self._pool = None

    def __iter__(self):
        return self

    def next(self, timeout=None):
        if self._index >= len(self._items):
            raise StopIteration
        success, value = self._items[self._index]
        self._index += 1
        if success:
            return value
        raise value

    def __next__(self):
        return self.next()


IMapUnorderedIterator = IMapIterator


def _pool_of(ctx):
    """ctx.Pool for a context object: a Pool whose workers that context starts."""
    def Pool_(processes=None, initializer=None, initargs=(), maxtasksperchild=None):
        return Pool(processes, initializer, initargs, maxtasksperchild, ctx)
    return Pool_
