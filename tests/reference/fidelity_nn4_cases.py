"""More short PyTorch programs (area 'nn4'); same rules as fidelity_nn_cases.py: each runs with
`torch`, `nn`, `F`, `optim`, `data`, `np` and `math` bound; its stdout and the type and
first line of an uncaught exception are compared with real PyTorch's."""
PROGRAMS = {}


def P(name, code):
    PROGRAMS[name] = code
