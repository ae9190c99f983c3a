"""Validated bool attributes for backend modules (PyTorch's `<setter> expects a bool`)."""
import sys
import types


class BoolFlag:
    """A module attribute that accepts only bools, raising PyTorch's RuntimeError otherwise."""

    def __init__(self, setter_name, default):
        self.setter_name, self.default = setter_name, default

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, module, owner=None):
        if module is None:
            return self
        return module.__dict__["_flag_values"].get(self.name, self.default)

    def __set__(self, module, value):
        if not isinstance(value, bool):
            from .._settings import _tp_name
            raise RuntimeError(f"{self.setter_name} expects a bool, but got {_tp_name(value)}")
        module.__dict__["_flag_values"][self.name] = value


def install(module_name, cls):
    """Give module `module_name` the class `cls` (a ModuleType subclass holding BoolFlags)."""
    module = sys.modules[module_name]
    module.__dict__.setdefault("_flag_values", {})
    module.__class__ = cls
    return module


ModuleType = types.ModuleType
