"""Writes optim.json: optimizer trajectories (parameters after the first and the last step and
the final state_dict), a small model trained through backward(), LBFGS runs, and lr scheduler
sequences, all from real PyTorch running the drivers in optim_cases.py. Needs torch."""
import torch

import optim_cases as cases
from refutil import record, write


def _state(opt):
    sd = opt.state_dict()
    out = []
    for idx, k, v in cases.state_items(sd):
        if isinstance(v, torch.Tensor):
            out.append([idx, k, record(v)])
        elif isinstance(v, list):
            out.append([idx, k, [record(x) if isinstance(x, torch.Tensor) else x for x in v]])
        else:
            out.append([idx, k, v])
    return {"state": out, "param_groups": cases.plain_groups(sd)}


def optimizers():
    out = {}
    for seed, case in enumerate(cases.OPTIM_CASES):
        first, params, opt = cases.run_optimizer(torch, case, seed)
        out[case[0]] = {"first": [record(torch.tensor(p)) for p in first],
                        "last": [record(p) for p in params],
                        "state_dict": _state(opt)}
    return out


def models():
    out = {}
    for case in cases.MODEL_CASES:
        losses, params = cases.run_model(torch, case)
        out[case[0]] = {"losses": losses, "params": [record(p) for p in params]}
    return out


def lbfgs():
    out = {}
    for case in cases.LBFGS_CASES:
        losses, params, opt = cases.run_lbfgs(torch, case)
        st = opt.state[opt.param_groups[0]["params"][0]]
        out[case[0]] = {"losses": losses, "params": [record(p) for p in params],
                        "func_evals": st["func_evals"], "n_iter": st["n_iter"]}
    return out


def seed_loops():
    return {name: cases.run_seed_loop(torch, name) for name in cases.SEED_LOOPS}


def schedulers():
    out = {}
    for name in cases.SCHED_CASES:
        lrs, moms = cases.run_scheduler(torch, name)
        out[name] = {"lrs": lrs, "moms": moms}
    for case in cases.PLATEAU_CASES:
        out[case[0]] = {"lrs": cases.run_plateau(torch, case)}
    for name in cases.CLOSED_FORM_CASES:
        out["closed_" + name] = {"lrs": cases.run_closed_form(torch, name)}
    return out


if __name__ == "__main__":
    torch.set_num_threads(1)
    write("optim", {"optimizers": optimizers(), "models": models(), "lbfgs": lbfgs(),
                    "seed_loops": seed_loops(),
                    "schedulers": schedulers()})
