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

# A small network trained the PyTorch way: nn.Module, DataLoader, an optimizer, a loss,
# and a checkpoint written in PyTorch's own file format.
import io  # noqa: E402

import jtorch.nn as nn  # noqa: E402
from jtorch.utils.data import DataLoader, TensorDataset  # noqa: E402

torch.manual_seed(0)
points = torch.randn(512, 2)
labels = ((points[:, 0] * points[:, 1]) > 0).long()  # XOR-like quadrants: not linearly separable
loader = DataLoader(TensorDataset(points, labels), batch_size=64, shuffle=True)


class Classifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(2, 32), nn.ReLU(), nn.Linear(32, 2))

    def forward(self, x):
        return self.net(x)


model = Classifier()
print(model)
optimizer = torch.optim.Adam(model.parameters(), lr=0.05)
criterion = nn.CrossEntropyLoss()
for epoch in range(20):
    for xb, yb in loader:
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()
with torch.no_grad():
    accuracy = (model(points).argmax(dim=1) == labels).float().mean()
print(f"loss {loss.item():.3f}, accuracy {accuracy.item():.3f}")

buffer = io.BytesIO()
torch.save({"model_state_dict": model.state_dict(),
            "optimizer_state_dict": optimizer.state_dict()}, buffer)
buffer.seek(0)
restored = Classifier()
restored.load_state_dict(torch.load(buffer)["model_state_dict"])
print("restored model agrees:", torch.equal(restored(points), model(points)))
