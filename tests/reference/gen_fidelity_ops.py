"""Writes fidelity_ops.json: real PyTorch's result (repr, dtype, shape or exception type and
first message line) for each snippet in fidelity_ops_cases.py. Run with torch installed."""
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(__file__))
import fidelity_ops_cases as cases  # noqa: E402
import refutil  # noqa: E402


def main():
    data = {group: [[src, cases.evaluate(src, torch)] for src in snippets]
            for group, snippets in cases.CASES.items()}
    refutil.write("fidelity_ops", data)


if __name__ == "__main__":
    main()
