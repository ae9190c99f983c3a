"""torch.multiprocessing.spawn: run fn(i, *args) in nprocs processes and forward failures.

A child that raises sends its traceback to the parent, which raises ProcessRaisedException
naming the process; a child that dies otherwise gives ProcessExitedException with its exit code
or signal, as in PyTorch.
"""
import multiprocessing
import multiprocessing.connection
import os
import pickle
import signal
import sys
import tempfile


class ProcessException(Exception):
    """A spawned process failed; `error_index` and `error_pid` say which."""

    def __init__(self, msg, error_index, error_pid):
        super().__init__(msg)
        self.msg, self.error_index, self.error_pid = msg, error_index, error_pid

    def __reduce__(self):
        return type(self), (self.msg, self.error_index, self.error_pid)


class ProcessRaisedException(ProcessException):
    """A spawned process raised an exception (its traceback is in the message)."""


class ProcessExitedException(ProcessException):
    """A spawned process exited with a non-zero code or was killed by a signal."""

    def __init__(self, msg, error_index, error_pid, exit_code, signal_name=None):
        super().__init__(msg, error_index, error_pid)
        self.exit_code, self.signal_name = exit_code, signal_name

    def __reduce__(self):
        return type(self), (self.msg, self.error_index, self.error_pid, self.exit_code,
                            self.signal_name)


def _run(fn, i, args, error_file):
    """Child entry point: fn(i, *args); on an exception, write its traceback and exit(1)."""
    try:
        fn(i, *args)
    except KeyboardInterrupt:
        pass
    except Exception:
        import traceback
        with open(error_file, "wb") as f:
            pickle.dump(traceback.format_exc(), f)
        sys.exit(1)


class ProcessContext:
    """The started processes; join() waits and raises for the first one that failed."""

    def __init__(self, processes, error_files):
        self.processes, self.error_files = processes, error_files
        self.sentinels = {p.sentinel: i for i, p in enumerate(processes)}

    def pids(self):
        """The children's process ids."""
        return [int(p.pid) for p in self.processes]

    def join(self, timeout=None, grace_period=None):
        """True once all exited cleanly, False if some still run; raises on a failure."""
        if not self.sentinels:
            return True
        ready = multiprocessing.connection.wait(list(self.sentinels), timeout=timeout)
        failed = None
        for s in ready:
            i = self.sentinels.pop(s)
            self.processes[i].join()
            if self.processes[i].exitcode != 0:
                failed = i
                break
        if failed is None:
            return not self.sentinels
        for p in self.processes:
            if p.is_alive():
                p.terminate()
            p.join(30 if grace_period is None else grace_period)
            if p.is_alive():
                p.kill()
                p.join()
        proc = self.processes[failed]
        path = self.error_files[failed]
        if not os.access(path, os.R_OK):
            code = proc.exitcode
            if code < 0:
                try:
                    name = signal.Signals(-code).name
                except ValueError:
                    name = f"<Unknown signal {-code}>"
                raise ProcessExitedException(f"process {failed:d} terminated with signal {name}",
                                             failed, proc.pid, code, name)
            raise ProcessExitedException(f"process {failed:d} terminated with exit code {code:d}",
                                         failed, proc.pid, code)
        with open(path, "rb") as f:
            trace = pickle.load(f)
        os.unlink(path)
        raise ProcessRaisedException(
            f"\n\n-- Process {failed:d} terminated with the following error:\n" + trace,
            failed, proc.pid)


def start_processes(fn, args=(), nprocs=1, join=True, daemon=False, start_method="spawn"):
    """Start nprocs processes running fn(i, *args); join them unless join=False."""
    ctx = multiprocessing.get_context(start_method)
    processes, error_files = [], []
    for i in range(nprocs):
        fd, path = tempfile.mkstemp(prefix="jtorch-errorfile-", suffix=".pickle")
        os.close(fd)
        os.unlink(path)  # the child creates it only when it fails
        p = ctx.Process(target=_run, args=(fn, i, args, path), daemon=daemon)
        p.start()
        processes.append(p)
        error_files.append(path)
    context = ProcessContext(processes, error_files)
    if not join:
        return context
    while not context.join():
        pass


def spawn(fn, args=(), nprocs=1, join=True, daemon=False, start_method="spawn"):
    """PyTorch's spawn: start_processes with the 'spawn' start method by default."""
    return start_processes(fn, args, nprocs, join, daemon, start_method)
