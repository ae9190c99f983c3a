"""RNG placeholder."""
def manual_seed(s): pass
def seed(): pass
def initial_seed(): return 0
def get_rng_state(): pass
def set_rng_state(s): pass
class Generator: pass
default_generator = None
