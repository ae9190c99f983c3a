"""jtorch quick start: a PyTorch program, unchanged but for the import.

Tensors, broadcasting, in-place updates, indexing and a hand-written gradient-descent fit of a
line — every value printed is what PyTorch prints.
"""
import jtorch as torch

torch.manual_seed(0)

x = torch.arange(12)
print(x, x.shape, x.numel())
X = x.reshape(3, 4).float()
Y = torch.tensor([[2.0, 1, 4, 3], [1, 2, 3, 4], [4, 3, 2, 1]])
print(torch.cat((X, Y), dim=0))
print(X == Y)
print(X.sum(), X.sum(axis=1, keepdims=True))

a = torch.arange(3).reshape(3, 1)
b = torch.arange(2).reshape(1, 2)
print(a + b)

before = id(Y)
Y += X
Y[:] = X + Y
print("same object after in-place updates:", id(Y) == before)
X[1, 2] = 9
X[0:2, :] = 12
print(X)

# Fit y = 3x + 2 by gradient descent written out by hand (autograd comes with torch.autograd).
xs = torch.linspace(-1, 1, 64)
ys = 3 * xs + 2 + 0.01 * torch.randn(64)
w = torch.zeros(1)
c = torch.zeros(1)
lr = 0.5
for step in range(200):
    pred = w * xs + c
    err = pred - ys
    w -= lr * (2 * err * xs).mean()
    c -= lr * (2 * err).mean()
print(f"fit: w={w.item():.3f} c={c.item():.3f}")
print(torch.runtime.stats["programs"], "programs compiled for 200 steps")
