"""Short PyTorch programs (area 'd2l'), with the rules of fidelity_nn_cases.py:
each runs with `torch`, `nn`, `F`, `optim`, `data`, `np` and `math` bound; its stdout and the
type and first line of an uncaught exception are compared with real PyTorch's."""
PROGRAMS = {}


def P(name, code):
    PROGRAMS[name] = code


# ---- ch. 2 preliminaries: ndarray, linear algebra, calculus, autograd, probability ----------
P('d2l_ndarray_basics', '''
x = torch.arange(12)
print(x, x.shape, x.numel(), x.dtype)
X = x.reshape(3, 4)
print(X)
print(x.reshape(-1, 4).shape, x.reshape(3, -1).shape, X.reshape((2, 6)).shape)
print(torch.zeros((2, 3, 4)))
print(torch.ones((2, 3, 4)).sum(), torch.ones(2, 3).dtype)
print(torch.tensor([[2, 1, 4, 3], [1, 2, 3, 4], [4, 3, 2, 1]]))
print(X[-1], X[1:3])
X[1, 2] = 17
print(X)
X[:2, :] = 12
print(X)
x = torch.tensor([1.0, 2, 4, 8])
y = torch.tensor([2, 2, 2, 2])
print(x + y, x - y, x * y, x / y, x ** y)
print(torch.exp(x))
print(x.type(), y.type(), (x + y).dtype, (y / y).dtype, (y // 2).dtype)
''')

P('d2l_ndarray_cat_broadcast_memory', '''
X = torch.arange(12, dtype=torch.float32).reshape((3, 4))
Y = torch.tensor([[2.0, 1, 4, 3], [1, 2, 3, 4], [4, 3, 2, 1]])
print(torch.cat((X, Y), dim=0))
print(torch.cat((X, Y), dim=1))
print(X == Y)
print(X < Y)
print(X.sum(), X.sum().item())
a = torch.arange(3).reshape((3, 1))
b = torch.arange(2).reshape((1, 2))
print(a, b)
print(a + b)
before = id(Y)
Y = Y + X
print(id(Y) == before)
Z = torch.zeros_like(Y)
zid = id(Z)
Z[:] = X + Y
print(id(Z) == zid, Z)
before = id(X)
X += Y
print(id(X) == before)
A = X.numpy()
B = torch.from_numpy(A)
print(type(A).__name__, type(B).__name__, A.dtype, B.dtype)
a = torch.tensor([3.5])
print(a, a.item(), float(a), int(a))
''')

P('d2l_linear_algebra', '''
x = torch.tensor(3.0)
y = torch.tensor(2.0)
print(x + y, x * y, x / y, x ** y)
x = torch.arange(4)
print(x, x[3], len(x), x.shape)
A = torch.arange(20).reshape(5, 4)
print(A.T)
B = torch.tensor([[1, 2, 3], [2, 0, 4], [3, 4, 5]])
print(B == B.T)
X = torch.arange(24).reshape(2, 3, 4)
print(X)
A = torch.arange(20, dtype=torch.float32).reshape(5, 4)
B = A.clone()
print(A + B)
print(A * B)
a = 2
print(a + X, (a * X).shape)
print(A.shape, A.sum())
A_sum_axis0 = A.sum(axis=0)
print(A_sum_axis0, A_sum_axis0.shape)
A_sum_axis1 = A.sum(axis=1)
print(A_sum_axis1, A_sum_axis1.shape)
print(A.sum(axis=[0, 1]), A.sum(axis=[0, 1]) == A.sum())
print(A.mean(), A.sum() / A.numel())
print(A.mean(axis=0), A.sum(axis=0) / A.shape[0])
sum_A = A.sum(axis=1, keepdims=True)
print(sum_A)
print(A / sum_A)
print(A.cumsum(axis=0))
''')

P('d2l_linear_algebra_products_norms', '''
x = torch.arange(4, dtype=torch.float32)
y = torch.ones(4, dtype=torch.float32)
print(x, y, torch.dot(x, y))
print(torch.sum(x * y))
A = torch.arange(20, dtype=torch.float32).reshape(5, 4)
print(A.shape, x.shape, torch.mv(A, x), A @ x)
B = torch.ones(4, 3)
print(torch.mm(A, B))
print(A @ B == torch.matmul(A, B))
u = torch.tensor([3.0, -4.0])
print(torch.norm(u))
print(torch.abs(u).sum())
print(torch.norm(torch.ones((4, 9))))
print(torch.norm(A, dim=1), torch.linalg.norm(u), torch.norm(A, p=1))
print(A.norm(), u.norm(p=1))
print(torch.dot(torch.tensor([1, 2]), torch.tensor([3, 4])))
''')

P('d2l_prelim_errors', '''
def show(f):
    try:
        r = f()
        print('ok', r)
    except Exception as e:
        print(type(e).__name__ + ':', str(e).split(chr(10))[0])
A = torch.arange(20, dtype=torch.float32).reshape(5, 4)
x = torch.arange(4)
X = torch.arange(12).reshape(3, 4)
show(lambda: torch.mv(A, torch.ones(5)))
show(lambda: torch.mm(A, torch.ones(5, 3)))
show(lambda: torch.matmul(A, torch.ones(3, 2)))
show(lambda: A @ torch.ones(5))
show(lambda: torch.dot(x, torch.ones(4)))
show(lambda: torch.dot(torch.ones(3), torch.ones(4)))
show(lambda: torch.cat((X, torch.ones(3, 3)), dim=0))
show(lambda: torch.cat((X, torch.ones(2, 3)), dim=1))
show(lambda: X + torch.ones(2, 4))
show(lambda: A / A.sum(axis=1))
show(lambda: X.reshape(5, -1))
show(lambda: X.reshape(3, 5))
show(lambda: X.T.view(-1))
show(lambda: X[3])
show(lambda: X[:, 4])
show(lambda: torch.mv(A, x))
show(lambda: torch.ones(2, 2, requires_grad=True).numpy())
show(lambda: torch.norm(x))
show(lambda: X.mean())
show(lambda: float(torch.ones(2)))
show(lambda: torch.tensor([1, 2]).item())
''')

P('d2l_autograd_basics', '''
x = torch.arange(4.0)
print(x)
x.requires_grad_(True)
print(x.grad)
y = 2 * torch.dot(x, x)
print(y)
y.backward()
print(x.grad)
print(x.grad == 4 * x)
x.grad.zero_()
y = x.sum()
y.backward()
print(x.grad)
x.grad.zero_()
y = x * x
y.backward(gradient=torch.ones(len(y)))
print(x.grad)
x.grad.zero_()
y = x * x
y.sum().backward()
print(x.grad)
x.grad.zero_()
y = x * x
u = y.detach()
z = u * x
z.sum().backward()
print(x.grad == u, u.requires_grad, z.grad_fn is not None)
x.grad.zero_()
y.sum().backward()
print(x.grad == 2 * x)
print(y.grad_fn.__class__.__name__, z.requires_grad, x.is_leaf, y.is_leaf)
''')

P('d2l_autograd_control_flow', '''
def f(a):
    b = a * 2
    while b.norm() < 1000:
        b = b * 2
    if b.sum() > 0:
        c = b
    else:
        c = 100 * b
    return c
torch.manual_seed(0)
for _ in range(3):
    a = torch.randn(size=(), requires_grad=True)
    d = f(a)
    d.backward()
    print(a.grad == d / a, a.grad, a.shape)
a = torch.randn(size=(3,), requires_grad=True)
d = f(a)
d.sum().backward()
print(a.grad == d / a)
''')

P('d2l_autograd_errors', '''
x = torch.arange(4.0, requires_grad=True)
y = x * x
try:
    y.backward()
except RuntimeError as e:
    print('RuntimeError:', e)
y.sum().backward()
try:
    y.sum().backward()
except RuntimeError as e:
    print('RuntimeError:', str(e).split(chr(10))[0][:80])
w = torch.normal(0, 0.01, size=(2, 1), requires_grad=True)
try:
    w -= 0.1
except RuntimeError as e:
    print('RuntimeError:', e)
b = torch.zeros(1, requires_grad=True)
print(b.grad)
try:
    b.grad.zero_()
except AttributeError as e:
    print('AttributeError:', e)
x = torch.arange(4)
try:
    x.requires_grad_(True)
except RuntimeError as e:
    print('RuntimeError:', e)
z = torch.ones(2)
try:
    z.sum().backward()
except RuntimeError as e:
    print('RuntimeError:', e)
''')

P('d2l_probability_multinomial', '''
multinomial = torch.distributions.multinomial
torch.manual_seed(0)
fair_probs = torch.ones([6]) / 6
print(fair_probs)
print(multinomial.Multinomial(1, fair_probs).sample())
print(multinomial.Multinomial(10, fair_probs).sample())
counts = multinomial.Multinomial(1000, fair_probs).sample()
print(counts / 1000, counts.sum(), counts.dtype)
counts = multinomial.Multinomial(10, fair_probs).sample((50,))
cum_counts = counts.cumsum(dim=0)
estimates = cum_counts / cum_counts.sum(dim=1, keepdims=True)
print(counts.shape, estimates.shape, estimates[-1].round(decimals=4))
print(torch.multinomial(fair_probs, 10, replacement=True))
m = torch.distributions.multinomial.Multinomial(100, fair_probs)
print(m.sample().sum(), m.mean, m.total_count)
print(torch.rand(1) < 0.5, torch.randint(1, 7, (8,)))
''')


# ---- ch. 3-4: linear regression, softmax regression (from scratch and concise) --------------
# d2l's synthetic regression data (chapter 3), shared by the two linear regression programs
_SYNTHETIC = '''def synthetic_data(w, b, num_examples):
    X = torch.normal(0, 1, (num_examples, len(w)))
    y = torch.matmul(X, w) + b
    y += torch.normal(0, 0.01, y.shape)
    return X, y.reshape((-1, 1))
true_w = torch.tensor([2, -3.4])
true_b = 4.2
features, labels = synthetic_data(true_w, true_b, 24)
'''

P('d2l_linreg_scratch', '''
import random
random.seed(0)
torch.manual_seed(0)
''' + _SYNTHETIC + '''print('features:', features[0], '\\nlabel:', labels[0])
print(features.shape, labels.shape, features.dtype)
def data_iter(batch_size, features, labels):
    num_examples = len(features)
    indices = list(range(num_examples))
    random.shuffle(indices)
    for i in range(0, num_examples, batch_size):
        batch_indices = torch.tensor(indices[i: min(i + batch_size, num_examples)])
        yield features[batch_indices], labels[batch_indices]
batch_size = 8
for X, y in data_iter(batch_size, features, labels):
    print(X.shape, y.shape)
    break
w = torch.normal(0, 0.01, size=(2, 1), requires_grad=True)
b = torch.zeros(1, requires_grad=True)
def linreg(X, w, b):
    return torch.matmul(X, w) + b
def squared_loss(y_hat, y):
    return (y_hat - y.reshape(y_hat.shape)) ** 2 / 2
def sgd(params, lr, batch_size):
    with torch.no_grad():
        for param in params:
            param -= lr * param.grad / batch_size
            param.grad.zero_()
lr = 0.1
num_epochs = 3
net = linreg
loss = squared_loss
for epoch in range(num_epochs):
    for X, y in data_iter(batch_size, features, labels):
        l = loss(net(X, w, b), y)
        l.sum().backward()
        sgd([w, b], lr, batch_size)
    with torch.no_grad():
        train_l = loss(net(features, w, b), labels)
        print(f'epoch {epoch + 1}, loss {float(train_l.mean()):.4f}')
print(f'error in estimating w: {(true_w - w.reshape(true_w.shape)).round(decimals=3)}')
print(f'error in estimating b: {round(float(true_b - b), 3)}')
print(w.requires_grad, w.grad, b.grad.shape, w.is_leaf)
''')

P('d2l_linreg_concise', '''
torch.manual_seed(1)
''' + _SYNTHETIC + '''def load_array(data_arrays, batch_size, is_train=True):
    dataset = data.TensorDataset(*data_arrays)
    return data.DataLoader(dataset, batch_size, shuffle=is_train)
batch_size = 8
data_iter = load_array((features, labels), batch_size)
X0, y0 = next(iter(data_iter))
print(X0.shape, y0.shape, len(data_iter), len(data_iter.dataset))
net = nn.Sequential(nn.Linear(2, 1))
print(net[0].weight.data.normal_(0, 0.01).shape, net[0].bias.data.fill_(0))
loss = nn.MSELoss()
trainer = torch.optim.SGD(net.parameters(), lr=0.1)
print(net, loss)
print(trainer)
num_epochs = 3
for epoch in range(num_epochs):
    for X, y in data_iter:
        l = loss(net(X), y)
        trainer.zero_grad()
        l.backward()
        trainer.step()
    l = loss(net(features), labels)
    print(f'epoch {epoch + 1}, loss {l:.4f}')
w = net[0].weight.data
print('error in estimating w:', (true_w - w.reshape(true_w.shape)).round(decimals=2))
b = net[0].bias.data
print('error in estimating b:', (true_b - b).round(decimals=2))
print(net[0].weight.grad.shape, type(net[0].weight).__name__, net[0].weight.grad is None)
''')

P('d2l_softmax_scratch_pieces', '''
torch.manual_seed(0)
X = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
print(X.sum(0, keepdim=True), X.sum(1, keepdim=True))
def softmax(X):
    X_exp = torch.exp(X)
    partition = X_exp.sum(1, keepdim=True)
    return X_exp / partition
X = torch.normal(0, 1, (2, 5))
X_prob = softmax(X)
print(X_prob.round(decimals=4), X_prob.sum(1).round(decimals=4))
y = torch.tensor([0, 2])
y_hat = torch.tensor([[0.1, 0.3, 0.6], [0.3, 0.2, 0.5]])
print(y_hat[[0, 1], y])
def cross_entropy(y_hat, y):
    return - torch.log(y_hat[range(len(y_hat)), y])
print(cross_entropy(y_hat, y))
def accuracy(y_hat, y):
    if len(y_hat.shape) > 1 and y_hat.shape[1] > 1:
        y_hat = y_hat.argmax(axis=1)
    cmp = y_hat.type(y.dtype) == y
    return float(cmp.type(y.dtype).sum())
print(accuracy(y_hat, y) / len(y), y_hat.argmax(axis=1), y_hat.argmax(axis=1).dtype)
class Accumulator:
    def __init__(self, n):
        self.data = [0.0] * n
    def add(self, *args):
        self.data = [a + float(b) for a, b in zip(self.data, args)]
    def reset(self):
        self.data = [0.0] * len(self.data)
    def __getitem__(self, idx):
        return self.data[idx]
metric = Accumulator(2)
metric.add(accuracy(y_hat, y), y.numel())
metric.add(torch.tensor(1), torch.tensor(2))
print(metric[0], metric[1], metric[0] / metric[1])
print(softmax(torch.tensor([[100.0, 0.0]])), softmax(torch.tensor([[1000.0, 0.0]])))
print(F.softmax(torch.tensor([[1000.0, 0.0]]), dim=1), torch.log(torch.tensor([0.0, 1.0])))
''')

P('d2l_softmax_scratch_train', '''
torch.manual_seed(0)
num_inputs, num_outputs = 16, 3
X_all = torch.rand(16, 1, 4, 4)
y_all = torch.tensor([0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0])
X_all[y_all == 1, :, :2] += 1.0
train_iter = data.DataLoader(data.TensorDataset(X_all, y_all), batch_size=8, shuffle=True)
W = torch.normal(0, 0.01, size=(num_inputs, num_outputs), requires_grad=True)
b = torch.zeros(num_outputs, requires_grad=True)
def softmax(X):
    X_exp = torch.exp(X)
    partition = X_exp.sum(1, keepdim=True)
    return X_exp / partition
def net(X):
    return softmax(torch.matmul(X.reshape((-1, W.shape[0])), W) + b)
def cross_entropy(y_hat, y):
    return - torch.log(y_hat[range(len(y_hat)), y])
def accuracy(y_hat, y):
    if len(y_hat.shape) > 1 and y_hat.shape[1] > 1:
        y_hat = y_hat.argmax(axis=1)
    cmp = y_hat.type(y.dtype) == y
    return float(cmp.type(y.dtype).sum())
class Accumulator:
    def __init__(self, n): self.data = [0.0] * n
    def add(self, *args): self.data = [a + float(b) for a, b in zip(self.data, args)]
    def __getitem__(self, idx): return self.data[idx]
def evaluate_accuracy(net, data_iter):
    if isinstance(net, torch.nn.Module):
        net.eval()
    metric = Accumulator(2)
    with torch.no_grad():
        for X, y in data_iter:
            metric.add(accuracy(net(X), y), y.numel())
    return metric[0] / metric[1]
def sgd(params, lr, batch_size):
    with torch.no_grad():
        for param in params:
            param -= lr * param.grad / batch_size
            param.grad.zero_()
lr = 0.5
def updater(batch_size):
    return sgd([W, b], lr, batch_size)
def train_epoch_ch3(net, train_iter, loss, updater):
    if isinstance(net, torch.nn.Module):
        net.train()
    metric = Accumulator(3)
    for X, y in train_iter:
        y_hat = net(X)
        l = loss(y_hat, y)
        if isinstance(updater, torch.optim.Optimizer):
            updater.zero_grad()
            l.mean().backward()
            updater.step()
        else:
            l.sum().backward()
            updater(X.shape[0])
        metric.add(float(l.sum()), accuracy(y_hat, y), y.numel())
    return metric[0] / metric[2], metric[1] / metric[2]
print(round(evaluate_accuracy(net, train_iter), 4))
for epoch in range(3):
    train_loss, train_acc = train_epoch_ch3(net, train_iter, cross_entropy, updater)
    test_acc = evaluate_accuracy(net, train_iter)
    print(f'epoch {epoch + 1}: loss {train_loss:.3f}, train acc {train_acc:.3f}, test acc {test_acc:.3f}')
print(W.shape, b.round(decimals=3), net(X_all[:4]).argmax(axis=1))
''')

P('d2l_softmax_concise', '''
torch.manual_seed(2)
X_all = torch.rand(16, 1, 4, 4)
y_all = torch.arange(16) % 3
X_all[y_all == 2, :, 2:] -= 0.5
train_iter = data.DataLoader(data.TensorDataset(X_all, y_all), 8, shuffle=True)
net = nn.Sequential(nn.Flatten(), nn.Linear(16, 3))
def init_weights(m):
    if type(m) == nn.Linear:
        nn.init.normal_(m.weight, std=0.01)
net.apply(init_weights)
print(net)
loss = nn.CrossEntropyLoss(reduction='none')
trainer = torch.optim.SGD(net.parameters(), lr=0.1)
print(loss, loss.reduction)
for epoch in range(3):
    net.train()
    total, n, correct = 0.0, 0, 0.0
    for X, y in train_iter:
        y_hat = net(X)
        l = loss(y_hat, y)
        trainer.zero_grad()
        l.mean().backward()
        trainer.step()
        total += float(l.sum()); n += y.numel()
        correct += float((y_hat.argmax(axis=1).type(y.dtype) == y).type(y.dtype).sum())
    print(f'epoch {epoch + 1}: loss {total / n:.4f}, acc {correct / n:.3f}')
net.eval()
with torch.no_grad():
    print(net(X_all[:3]).round(decimals=3), l.shape, l.dtype)
print(nn.CrossEntropyLoss()(torch.tensor([[1000.0, 0.0, -1000.0]]), torch.tensor([2])))
''')

P('d2l_softmax_image_shapes', '''
torch.manual_seed(0)
X = torch.rand(4, 1, 8, 8)
y = torch.tensor([9, 0, 3, 1])
def get_fashion_mnist_labels(labels):
    text_labels = ['t-shirt', 'trouser', 'pullover', 'dress', 'coat',
                   'sandal', 'shirt', 'sneaker', 'bag', 'ankle boot']
    return [text_labels[int(i)] for i in labels]
print(get_fashion_mnist_labels(y))
print(X.shape, X.dtype, y.dtype, X[0][0].shape, X.reshape(4, 8, 8).shape)
loader = data.DataLoader(data.TensorDataset(X, y), batch_size=3, shuffle=False, num_workers=0)
for Xb, yb in loader:
    print(Xb.shape, Xb.dtype, yb.shape, yb.dtype, yb)
print(len(loader), nn.Flatten()(X).shape, nn.Flatten()(X).is_contiguous())
''')


# ---- ch. 5: MLPs, model selection, weight decay, dropout, numerical stability ---------------
P('d2l_mlp_activations', '''
x = torch.arange(-4.0, 4.0, 0.5, requires_grad=True)
y = torch.relu(x)
print(x.shape, y.detach())
y.backward(torch.ones_like(x), retain_graph=True)
print(x.grad)
y = torch.sigmoid(x)
x.grad.data.zero_()
y.backward(torch.ones_like(x), retain_graph=True)
print(y.detach().round(decimals=4), x.grad.round(decimals=4))
y = torch.tanh(x)
x.grad.data.zero_()
y.backward(torch.ones_like(x), retain_graph=True)
print(x.grad.round(decimals=4))
def relu(X):
    a = torch.zeros_like(X)
    return torch.max(X, a)
print(relu(torch.tensor([[-1.0, 2.0], [0.0, -0.5]])), torch.max(torch.tensor([1, 5]), torch.tensor([3, 2])))
print(torch.arange(-8.0, 8.0, 0.1).shape, torch.arange(-8.0, 8.0, 0.1)[-1].item())
x = torch.tensor([0.0], requires_grad=True)
torch.relu(x).backward()
print(x.grad, torch.sigmoid(torch.tensor(0.0)), x.detach().numpy().dtype)
''')

P('d2l_mlp_scratch', '''
torch.manual_seed(0)
num_inputs, num_outputs, num_hiddens = 16, 3, 8
W1 = nn.Parameter(torch.randn(num_inputs, num_hiddens, requires_grad=True) * 0.01)
b1 = nn.Parameter(torch.zeros(num_hiddens, requires_grad=True))
W2 = nn.Parameter(torch.randn(num_hiddens, num_outputs, requires_grad=True) * 0.01)
b2 = nn.Parameter(torch.zeros(num_outputs, requires_grad=True))
params = [W1, b1, W2, b2]
print(type(W1).__name__, W1.is_leaf, W1.requires_grad, W1.shape, b2)
def relu(X):
    a = torch.zeros_like(X)
    return torch.max(X, a)
def net(X):
    X = X.reshape((-1, num_inputs))
    H = relu(X@W1 + b1)
    return (H@W2 + b2)
loss = nn.CrossEntropyLoss(reduction='none')
updater = torch.optim.SGD(params, lr=0.5)
X = torch.rand(8, 1, 4, 4)
y = torch.tensor([0, 1, 2, 0, 1, 2, 1, 0])
X[y == 0] += 0.5
for epoch in range(4):
    y_hat = net(X)
    l = loss(y_hat, y)
    updater.zero_grad()
    l.mean().backward()
    updater.step()
    print(epoch, round(float(l.sum()), 4), float((y_hat.argmax(axis=1) == y).sum()))
print(W1.grad.shape, b1.grad.abs().sum() > 0, updater.param_groups[0]['lr'])
''')

P('d2l_mlp_concise', '''
torch.manual_seed(0)
net = nn.Sequential(nn.Flatten(),
                    nn.Linear(16, 8),
                    nn.ReLU(),
                    nn.Linear(8, 3))
def init_weights(m):
    if type(m) == nn.Linear:
        nn.init.normal_(m.weight, std=0.01)
print(net.apply(init_weights))
batch_size, lr, num_epochs = 8, 0.5, 3
loss = nn.CrossEntropyLoss(reduction='none')
trainer = torch.optim.SGD(net.parameters(), lr=lr)
X = torch.rand(8, 1, 4, 4)
y = torch.tensor([0, 1, 2, 0, 1, 2, 1, 0])
for epoch in range(num_epochs):
    l = loss(net(X), y)
    trainer.zero_grad()
    l.mean().backward()
    trainer.step()
    print(epoch, f'{l.mean().item():.4f}')
print([name for name, _ in net.named_parameters()])
print(net[1].weight.grad.shape, net[3].bias.grad.round(decimals=4))
''')

P('d2l_poly_underfit_overfit', '''
np.random.seed(0)
torch.manual_seed(0)
max_degree = 6
n_train, n_test = 8, 8
true_w = np.zeros(max_degree)
true_w[0:4] = np.array([5, 1.2, -3.4, 5.6])
features = np.random.normal(size=(n_train + n_test, 1))
np.random.shuffle(features)
poly_features = np.power(features, np.arange(max_degree).reshape(1, -1))
for i in range(max_degree):
    poly_features[:, i] /= math.gamma(i + 1)
labels = np.dot(poly_features, true_w)
labels += np.random.normal(scale=0.1, size=labels.shape)
true_w, features, poly_features, labels = [torch.tensor(x, dtype=
    torch.float32) for x in [true_w, features, poly_features, labels]]
print(features[:2].round(decimals=4), poly_features[:2, :3].round(decimals=4), labels[:2].round(decimals=4))
def evaluate_loss(net, X, y, loss):
    l = loss(net(X), y.reshape(-1, 1))
    return float(l.sum() / l.numel())
def train(train_features, test_features, train_labels, test_labels, num_epochs=20):
    loss = nn.MSELoss(reduction='none')
    input_shape = train_features.shape[-1]
    net = nn.Sequential(nn.Linear(input_shape, 1, bias=False))
    batch_size = min(4, train_labels.shape[0])
    train_iter = data.DataLoader(data.TensorDataset(train_features, train_labels.reshape(-1, 1)), batch_size, shuffle=True)
    trainer = torch.optim.SGD(net.parameters(), lr=0.01)
    for epoch in range(num_epochs):
        for X, y in train_iter:
            trainer.zero_grad()
            l = loss(net(X), y)
            l.mean().backward()
            trainer.step()
    print('train', round(evaluate_loss(net, train_features, train_labels, loss), 3),
          'test', round(evaluate_loss(net, test_features, test_labels, loss), 3))
    print('weight:', net[0].weight.data.numpy().round(2))
train(poly_features[:n_train, :4], poly_features[n_train:, :4], labels[:n_train], labels[n_train:])
train(poly_features[:n_train, :2], poly_features[n_train:, :2], labels[:n_train], labels[n_train:])
''')

P('d2l_weight_decay', '''
torch.manual_seed(0)
n_train, num_inputs, batch_size = 8, 10, 4
true_w, true_b = torch.ones((num_inputs, 1)) * 0.01, 0.05
X = torch.normal(0, 1, (n_train, num_inputs))
y = torch.matmul(X, true_w) + true_b + torch.normal(0, 0.01, (n_train, 1))
train_iter = data.DataLoader(data.TensorDataset(X, y), batch_size, shuffle=True)
def init_params():
    w = torch.normal(0, 1, size=(num_inputs, 1), requires_grad=True)
    b = torch.zeros(1, requires_grad=True)
    return [w, b]
def l2_penalty(w):
    return torch.sum(w.pow(2)) / 2
def linreg(X, w, b): return torch.matmul(X, w) + b
def squared_loss(y_hat, y): return (y_hat - y.reshape(y_hat.shape)) ** 2 / 2
def sgd(params, lr, batch_size):
    with torch.no_grad():
        for param in params:
            param -= lr * param.grad / batch_size
            param.grad.zero_()
def train(lambd):
    w, b = init_params()
    net, loss = lambda X: linreg(X, w, b), squared_loss
    num_epochs, lr = 3, 0.003
    for epoch in range(num_epochs):
        for Xb, yb in train_iter:
            l = loss(net(Xb), yb) + lambd * l2_penalty(w)
            l.sum().backward()
            sgd([w, b], lr, batch_size)
        print(epoch + 1, round(float(loss(net(X), y).mean()), 4))
    print('L2 norm of w:', round(torch.norm(w).item(), 4), l.shape)
train(lambd=0)
train(lambd=3)
def train_concise(wd):
    net = nn.Sequential(nn.Linear(num_inputs, 1))
    for param in net.parameters():
        param.data.normal_()
    loss = nn.MSELoss(reduction='none')
    num_epochs, lr = 3, 0.003
    trainer = torch.optim.SGD([
        {"params": net[0].weight, 'weight_decay': wd},
        {"params": net[0].bias}], lr=lr)
    for epoch in range(num_epochs):
        for Xb, yb in train_iter:
            trainer.zero_grad()
            l = loss(net(Xb), yb)
            l.mean().backward()
            trainer.step()
        print(epoch + 1, round(float(loss(net(X), y).mean()), 4))
    print('L2 norm of w:', round(net[0].weight.norm().item(), 4))
    return trainer
print(train_concise(0))
print([g['weight_decay'] for g in train_concise(3).param_groups])
''')

P('d2l_dropout_scratch', '''
torch.manual_seed(0)
def dropout_layer(X, dropout):
    assert 0 <= dropout <= 1
    if dropout == 1:
        return torch.zeros_like(X)
    if dropout == 0:
        return X
    mask = (torch.rand(X.shape) > dropout).float()
    return mask * X / (1.0 - dropout)
X = torch.arange(16, dtype=torch.float32).reshape((2, 8))
print(X)
print(dropout_layer(X, 0.))
print(dropout_layer(X, 0.5))
print(dropout_layer(X, 1.))
try:
    dropout_layer(X, 1.5)
except AssertionError as e:
    print('AssertionError', repr(e))
num_inputs, num_outputs, num_hiddens1, num_hiddens2 = 16, 3, 8, 8
dropout1, dropout2 = 0.2, 0.5
class Net(nn.Module):
    def __init__(self, num_inputs, num_outputs, num_hiddens1, num_hiddens2, is_training = True):
        super(Net, self).__init__()
        self.num_inputs = num_inputs
        self.training = is_training
        self.lin1 = nn.Linear(num_inputs, num_hiddens1)
        self.lin2 = nn.Linear(num_hiddens1, num_hiddens2)
        self.lin3 = nn.Linear(num_hiddens2, num_outputs)
        self.relu = nn.ReLU()
    def forward(self, X):
        H1 = self.relu(self.lin1(X.reshape((-1, self.num_inputs))))
        if self.training == True:
            H1 = dropout_layer(H1, dropout1)
        H2 = self.relu(self.lin2(H1))
        if self.training == True:
            H2 = dropout_layer(H2, dropout2)
        out = self.lin3(H2)
        return out
net = Net(num_inputs, num_outputs, num_hiddens1, num_hiddens2)
print(net)
Xb = torch.rand(4, 1, 4, 4)
out = net(Xb)
print(out.shape, out.round(decimals=4))
net.eval()
print(net.training, net.lin1.training, net(Xb).round(decimals=4))
''')

P('d2l_dropout_concise', '''
torch.manual_seed(0)
net = nn.Sequential(nn.Flatten(),
        nn.Linear(16, 8),
        nn.ReLU(),
        nn.Dropout(0.2),
        nn.Linear(8, 8),
        nn.ReLU(),
        nn.Dropout(0.5),
        nn.Linear(8, 3))
def init_weights(m):
    if type(m) == nn.Linear:
        nn.init.normal_(m.weight, std=0.01)
net.apply(init_weights)
print(net)
X = torch.ones(2, 16)
print(nn.Dropout(0.5)(X))
print(F.dropout(torch.arange(8.0), 0.25, training=True))
trainer = torch.optim.SGD(net.parameters(), lr=0.5)
loss = nn.CrossEntropyLoss()
Xt = torch.rand(8, 1, 4, 4)
y = torch.tensor([0, 1, 2, 0, 1, 2, 1, 0])
for i in range(3):
    l = loss(net(Xt), y)
    trainer.zero_grad(); l.backward(); trainer.step()
    print(i, round(l.item(), 4))
net.eval()
a = net(Xt); b = net(Xt)
print(torch.equal(a, b), a.argmax(axis=1), net[3].training, net[3])
''')

P('d2l_numerical_stability_init', '''
torch.manual_seed(0)
x = torch.arange(-8.0, 8.0, 1.0, requires_grad=True)
y = torch.sigmoid(x)
y.backward(torch.ones_like(x))
print(x.grad.round(decimals=4))
M = torch.normal(0, 1, size=(4, 4))
print('single matrix', M.round(decimals=4))
for i in range(30):
    M = torch.mm(M, torch.normal(0, 1, size=(4, 4)))
print('after multiplying 30 matrices', M.abs().max() > 1e10, torch.isfinite(M).all())
lin = nn.Linear(64, 32)
nn.init.xavier_uniform_(lin.weight)
bound = math.sqrt(6.0 / (64 + 32))
print(lin.weight.abs().max() <= bound, round(bound, 4))
w = torch.empty(3, 5)
print(nn.init.xavier_normal_(w).shape, nn.init.calculate_gain('relu'), nn.init.calculate_gain('tanh'))
print(nn.init.zeros_(torch.empty(2, 2)), nn.init.ones_(torch.empty(3)))
print(nn.init.constant_(nn.Linear(2, 2).weight, 1))
k = nn.init.kaiming_uniform_(torch.empty(4, 8), nonlinearity='relu')
print(k.round(decimals=4))
''')


# ---- ch. 6 builder's guide: blocks, parameters, init, tied/lazy, custom layers, I/O, GPU ----
P('d2l_builder_blocks', '''
torch.manual_seed(0)
net = nn.Sequential(nn.Linear(20, 16), nn.ReLU(), nn.Linear(16, 10))
X = torch.rand(2, 20)
print(net(X).shape)
class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = nn.Linear(20, 16)
        self.out = nn.Linear(16, 10)
    def forward(self, X):
        return self.out(F.relu(self.hidden(X)))
net = MLP()
print(net(X).shape, net)
class MySequential(nn.Module):
    def __init__(self, *args):
        super().__init__()
        for idx, module in enumerate(args):
            self._modules[str(idx)] = module
    def forward(self, X):
        for block in self._modules.values():
            X = block(X)
        return X
net = MySequential(nn.Linear(20, 16), nn.ReLU(), nn.Linear(16, 10))
print(net(X).shape, net)
class MySequential2(nn.Module):
    def __init__(self, *args):
        super().__init__()
        for idx, module in enumerate(args):
            self.add_module(str(idx), module)
    def forward(self, X):
        for module in self.children():
            X = module(X)
        return X
print(MySequential2(nn.Linear(20, 4), nn.ReLU())(X).shape)
class FixedHiddenMLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.rand_weight = torch.rand((20, 20), requires_grad=False)
        self.linear = nn.Linear(20, 20)
    def forward(self, X):
        X = self.linear(X)
        X = F.relu(torch.mm(X, self.rand_weight) + 1)
        X = self.linear(X)
        while X.abs().sum() > 1:
            X /= 2
        return X.sum()
net = FixedHiddenMLP()
print(round(net(X).item(), 4), net, [n for n, _ in net.named_parameters()])
class NestMLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(20, 16), nn.ReLU(),
                                 nn.Linear(16, 8), nn.ReLU())
        self.linear = nn.Linear(8, 16)
    def forward(self, X):
        return self.linear(self.net(X))
chimera = nn.Sequential(NestMLP(), nn.Linear(16, 20), FixedHiddenMLP())
print(round(chimera(X).item(), 4))
print(chimera)
''')

P('d2l_builder_parameters', '''
torch.manual_seed(0)
net = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))
X = torch.rand(size=(2, 4))
print(net(X).round(decimals=4))
print(net[2].state_dict())
print(type(net[2].bias))
print(net[2].bias)
print(net[2].bias.data)
print(net[2].weight.grad == None)
print(*[(name, param.shape) for name, param in net[0].named_parameters()])
print(*[(name, param.shape) for name, param in net.named_parameters()])
print(net.state_dict()['2.bias'].data)
print(list(net.state_dict().keys()), type(net.state_dict()).__name__)
def block1():
    return nn.Sequential(nn.Linear(4, 8), nn.ReLU(),
                         nn.Linear(8, 4), nn.ReLU())
def block2():
    net = nn.Sequential()
    for i in range(2):
        net.add_module(f'block {i}', block1())
    return net
rgnet = nn.Sequential(block2(), nn.Linear(4, 1))
print(rgnet(X).round(decimals=4))
print(rgnet)
print(rgnet[0][1][0].bias.data)
print([name for name, _ in rgnet.named_parameters()])
print(net[2].weight.shape, net[2].weight.dtype, net[2].weight.requires_grad, net[2].weight.is_leaf)
print(sum(p.numel() for p in rgnet.parameters()))
''')

P('d2l_builder_init', '''
torch.manual_seed(0)
net = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))
def init_normal(m):
    if type(m) == nn.Linear:
        nn.init.normal_(m.weight, mean=0, std=0.01)
        nn.init.zeros_(m.bias)
net.apply(init_normal)
print(net[0].weight.data[0].round(decimals=4), net[0].bias.data[0])
def init_constant(m):
    if type(m) == nn.Linear:
        nn.init.constant_(m.weight, 1)
        nn.init.zeros_(m.bias)
net.apply(init_constant)
print(net[0].weight.data[0], net[0].bias.data[0])
def init_xavier(m):
    if type(m) == nn.Linear:
        nn.init.xavier_uniform_(m.weight)
def init_42(m):
    if type(m) == nn.Linear:
        nn.init.constant_(m.weight, 42)
net[0].apply(init_xavier)
net[2].apply(init_42)
print(net[0].weight.data[0].round(decimals=4))
print(net[2].weight.data)
def my_init(m):
    if type(m) == nn.Linear:
        print("Init", *[(name, param.shape)
                        for name, param in m.named_parameters()][0])
        nn.init.uniform_(m.weight, -10, 10)
        m.weight.data *= m.weight.data.abs() >= 5
net.apply(my_init)
print(net[0].weight[:2].round(decimals=4))
net[0].weight.data[:] += 1
net[0].weight.data[0, 0] = 42
print(net[0].weight.data[0].round(decimals=4))
print(net[0].weight.grad, net[0].weight.requires_grad)
''')

P('d2l_builder_tied_params', '''
torch.manual_seed(0)
shared = nn.Linear(8, 8)
net = nn.Sequential(nn.Linear(4, 8), nn.ReLU(),
                    shared, nn.ReLU(),
                    shared, nn.ReLU(),
                    nn.Linear(8, 1))
X = torch.rand(size=(2, 4))
print(net(X).round(decimals=4))
print(net[2].weight.data[0] == net[4].weight.data[0])
net[2].weight.data[0, 0] = 100
print(net[2].weight.data[0] == net[4].weight.data[0])
print(net[2] is net[4], len(list(net.parameters())), [n for n, _ in net.named_parameters()])
print(list(net.state_dict().keys()))
print(len(list(net.named_modules())), len(list(net.modules())))
net(X).sum().backward()
print(net[2].weight.grad is net[4].weight.grad, net[2].weight.grad.shape)
print(net)
''')

P('d2l_builder_lazy', '''
torch.manual_seed(0)
net = nn.Sequential(nn.LazyLinear(16), nn.ReLU(), nn.LazyLinear(10))
print(net[0].weight)
print(net)
print(type(net[0]).__name__, net[0].in_features)
X = torch.rand(2, 20)
print(net(X).shape)
print(net[0].weight.shape, type(net[0]).__name__, type(net[0].weight).__name__, net[0].in_features)
print(net)
print([(n, tuple(p.shape)) for n, p in net.named_parameters()])
net2 = nn.Sequential(nn.LazyLinear(8), nn.ReLU(), nn.LazyLinear(1))
def init_weights(m):
    if type(m) == nn.Linear:
        nn.init.xavier_uniform_(m.weight)
net2(torch.rand(1, 5))
net2.apply(init_weights)
print(net2(X[:, :5]).shape, net2[0].weight.shape)
net3 = nn.Sequential(nn.LazyLinear(8))
try:
    print(net3[0].weight.shape)
except Exception as e:
    print(type(e).__name__, str(e).split(chr(10))[0])
try:
    net3.state_dict()['0.weight'].sum()
except Exception as e:
    print(type(e).__name__, str(e).split(chr(10))[0])
''')

P('d2l_builder_custom_layers', '''
torch.manual_seed(0)
class CenteredLayer(nn.Module):
    def __init__(self):
        super().__init__()
    def forward(self, X):
        return X - X.mean()
layer = CenteredLayer()
print(layer(torch.tensor([1.0, 2, 3, 4, 5])))
net = nn.Sequential(nn.Linear(8, 16), CenteredLayer())
Y = net(torch.rand(4, 8))
print(Y.mean().abs() < 1e-6, Y.shape)
print(net)
class MyLinear(nn.Module):
    def __init__(self, in_units, units):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(in_units, units))
        self.bias = nn.Parameter(torch.randn(units,))
    def forward(self, X):
        linear = torch.matmul(X, self.weight.data) + self.bias.data
        return F.relu(linear)
linear = MyLinear(5, 3)
print(linear.weight)
print(linear(torch.rand(2, 5)))
print(linear, [n for n, _ in linear.named_parameters()])
net = nn.Sequential(MyLinear(12, 8), MyLinear(8, 1))
print(net(torch.rand(2, 12)).round(decimals=4))
print(net.state_dict().keys())
''')

P('d2l_builder_file_io', '''
import os, tempfile
torch.manual_seed(0)
with tempfile.TemporaryDirectory() as d:
    x = torch.arange(4)
    torch.save(x, os.path.join(d, 'x-file'))
    x2 = torch.load(os.path.join(d, 'x-file'))
    print(x2)
    y = torch.zeros(4)
    torch.save([x, y], os.path.join(d, 'x-files'))
    x2, y2 = torch.load(os.path.join(d, 'x-files'))
    print(x2, y2)
    mydict = {'x': x, 'y': y}
    torch.save(mydict, os.path.join(d, 'mydict'))
    mydict2 = torch.load(os.path.join(d, 'mydict'))
    print(mydict2)
    class MLP(nn.Module):
        def __init__(self):
            super().__init__()
            self.hidden = nn.Linear(20, 16)
            self.output = nn.Linear(16, 10)
        def forward(self, x):
            return self.output(F.relu(self.hidden(x)))
    net = MLP()
    X = torch.randn(size=(2, 20))
    Y = net(X)
    torch.save(net.state_dict(), os.path.join(d, 'mlp.params'))
    clone = MLP()
    print(clone.load_state_dict(torch.load(os.path.join(d, 'mlp.params'))))
    print(clone.eval())
    Y_clone = clone(X)
    print(Y_clone == Y)
    sd = torch.load(os.path.join(d, 'mlp.params'), weights_only=True)
    print(type(sd).__name__, list(sd.keys()), sd['hidden.bias'].shape)
    try:
        torch.save(net, os.path.join(d, 'whole.pt'))
    except Exception as e:
        print(type(e).__name__, str(e).split(chr(10))[0])
    seq = nn.Sequential(nn.Linear(20, 3))
    torch.save(seq, os.path.join(d, 'seq.pt'))
    try:
        torch.load(os.path.join(d, 'seq.pt'))
    except Exception as e:
        print(type(e).__name__, str(e).split(chr(10))[0])
    whole = torch.load(os.path.join(d, 'seq.pt'), weights_only=False)
    print(whole, (whole(X) == seq(X)).all())
    try:
        clone.load_state_dict({'hidden.weight': torch.zeros(16, 20)})
    except RuntimeError as e:
        print('RuntimeError:', str(e).split(chr(10))[0])
    print(clone.load_state_dict({'hidden.weight': torch.zeros(16, 20)}, strict=False))
''')

P('d2l_builder_gpu_queries', '''
print(torch.device('cpu'), torch.device('cuda'), torch.device('cuda:1'))
print(repr(torch.device('cpu')), repr(torch.device('cuda', 1)), torch.device('cuda:1').index, torch.device('cpu').type)
print(torch.cuda.device_count(), torch.cuda.is_available())
def cpu(): return torch.device('cpu')
def gpu(i=0): return torch.device(f'cuda:{i}')
def num_gpus(): return torch.cuda.device_count()
def try_gpu(i=0):
    if num_gpus() >= i + 1:
        return gpu(i)
    return cpu()
def try_all_gpus():
    return [gpu(i) for i in range(num_gpus())]
print(try_gpu(), try_gpu(10), try_all_gpus())
x = torch.tensor([1, 2, 3])
print(x.device, x.is_cuda)
X = torch.ones(2, 3, device=try_gpu())
print(X, X.device)
Y = X.to(try_gpu())
print(Y is X, X.to('cpu') is X, X.to(torch.float64).dtype)
Z = X.cpu()
print(Z is X, Z.device == torch.device('cpu'), Z.device == 'cpu')
net = nn.Sequential(nn.Linear(3, 1))
net = net.to(device=try_gpu())
print(net[0].weight.data.device, next(net.parameters()).device)
try:
    X.cuda(0)
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.ones(2, device='cuda:0')
except Exception as e:
    print(type(e).__name__, e)
print(X.numpy().dtype, Z.to(X.device).device)
for f in [lambda: X.cuda(-1), lambda: X.cuda('cpu'), lambda: X.cuda(1.5), lambda: net.cuda(0),
          lambda: X.new_zeros(2, device=0), lambda: X.to(-1), lambda: torch.device(-1),
          lambda: torch.device(True), lambda: torch.device('cuda', 1.0), lambda: X.cuda()]:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, str(e).split(chr(10))[0])
print(torch.device('cuda', np.int64(1)), X.new_zeros(2, device=None).device)
''')


# ---- ch. 7 convolutions: corr2d, edge detection, padding/stride, channels, pooling ----------
P('d2l_conv_corr2d_edge', '''
torch.manual_seed(0)
def corr2d(X, K):
    h, w = K.shape
    Y = torch.zeros((X.shape[0] - h + 1, X.shape[1] - w + 1))
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (X[i:i + h, j:j + w] * K).sum()
    return Y
X = torch.tensor([[0.0, 1.0, 2.0], [3.0, 4.0, 5.0], [6.0, 7.0, 8.0]])
K = torch.tensor([[0.0, 1.0], [2.0, 3.0]])
print(corr2d(X, K))
class Conv2D(nn.Module):
    def __init__(self, kernel_size):
        super().__init__()
        self.weight = nn.Parameter(torch.rand(kernel_size))
        self.bias = nn.Parameter(torch.zeros(1))
    def forward(self, x):
        return corr2d(x, self.weight) + self.bias
c = Conv2D((1, 2))
print(c.weight, c(X).round(decimals=4))
X = torch.ones((4, 6))
X[:, 2:4] = 0
print(X)
K = torch.tensor([[1.0, -1.0]])
Y = corr2d(X, K)
print(Y)
print(corr2d(X.t(), K))
conv2d = nn.Conv2d(1, 1, kernel_size=(1, 2), bias=False)
X = X.reshape((1, 1, 4, 6))
Y = Y.reshape((1, 1, 4, 5))
lr = 3e-2
for i in range(10):
    Y_hat = conv2d(X)
    l = (Y_hat - Y) ** 2
    conv2d.zero_grad()
    l.sum().backward()
    conv2d.weight.data[:] -= lr * conv2d.weight.grad
    if (i + 1) % 2 == 0:
        print(f'epoch {i + 1}, loss {l.sum():.3f}')
print(conv2d.weight.data.reshape((1, 2)).round(decimals=3), conv2d)
''')

P('d2l_conv_padding_stride', '''
torch.manual_seed(0)
def comp_conv2d(conv2d, X):
    X = X.reshape((1, 1) + X.shape)
    Y = conv2d(X)
    return Y.reshape(Y.shape[2:])
conv2d = nn.Conv2d(1, 1, kernel_size=3, padding=1)
X = torch.rand(size=(8, 8))
print((1, 1) + X.shape, type((1, 1) + X.shape).__name__, X.shape + (1,))
print(comp_conv2d(conv2d, X).shape)
conv2d = nn.Conv2d(1, 1, kernel_size=(5, 3), padding=(2, 1))
print(comp_conv2d(conv2d, X).shape)
conv2d = nn.Conv2d(1, 1, kernel_size=3, padding=1, stride=2)
print(comp_conv2d(conv2d, X).shape)
conv2d = nn.Conv2d(1, 1, kernel_size=(3, 5), padding=(0, 1), stride=(3, 4))
print(comp_conv2d(conv2d, X).shape, conv2d)
print(Y.shape if (Y := comp_conv2d(nn.Conv2d(1, 1, 3, padding='same'), X)) is not None else None)
print(nn.LazyConv2d(1, kernel_size=3, padding=1))
lz = nn.LazyConv2d(2, kernel_size=3, padding=1, stride=2)
print(lz(torch.rand(1, 3, 8, 8)).shape, lz.weight.shape, lz)
''')

P('d2l_conv_multichannel', '''
torch.manual_seed(0)
def corr2d(X, K):
    h, w = K.shape
    Y = torch.zeros((X.shape[0] - h + 1, X.shape[1] - w + 1))
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (X[i:i + h, j:j + w] * K).sum()
    return Y
def corr2d_multi_in(X, K):
    return sum(corr2d(x, k) for x, k in zip(X, K))
X = torch.tensor([[[0.0, 1.0, 2.0], [3.0, 4.0, 5.0], [6.0, 7.0, 8.0]],
               [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]])
K = torch.tensor([[[0.0, 1.0], [2.0, 3.0]], [[1.0, 2.0], [3.0, 4.0]]])
print(corr2d_multi_in(X, K))
def corr2d_multi_in_out(X, K):
    return torch.stack([corr2d_multi_in(X, k) for k in K], 0)
K = torch.stack((K, K + 1, K + 2), 0)
print(K.shape)
print(corr2d_multi_in_out(X, K))
print(F.conv2d(X.unsqueeze(0), K).squeeze(0))
def corr2d_multi_in_out_1x1(X, K):
    c_i, h, w = X.shape
    c_o = K.shape[0]
    X = X.reshape((c_i, h * w))
    K = K.reshape((c_o, c_i))
    Y = torch.matmul(K, X)
    return Y.reshape((c_o, h, w))
X = torch.normal(0, 1, (3, 2, 2))
K = torch.normal(0, 1, (2, 3, 1, 1))
Y1 = corr2d_multi_in_out_1x1(X, K)
Y2 = corr2d_multi_in_out(X, K)
assert float(torch.abs(Y1 - Y2).sum()) < 1e-5
print(Y1.shape, float(torch.abs(Y1 - Y2).sum()) < 1e-5, sum([torch.ones(2), torch.ones(2)]))
''')

P('d2l_conv_pooling', '''
def pool2d(X, pool_size, mode='max'):
    p_h, p_w = pool_size
    Y = torch.zeros((X.shape[0] - p_h + 1, X.shape[1] - p_w + 1))
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            if mode == 'max':
                Y[i, j] = X[i: i + p_h, j: j + p_w].max()
            elif mode == 'avg':
                Y[i, j] = X[i: i + p_h, j: j + p_w].mean()
    return Y
X = torch.tensor([[0.0, 1.0, 2.0], [3.0, 4.0, 5.0], [6.0, 7.0, 8.0]])
print(pool2d(X, (2, 2)))
print(pool2d(X, (2, 2), 'avg'))
X = torch.arange(16, dtype=torch.float32).reshape((1, 1, 4, 4))
print(X)
pool2d = nn.MaxPool2d(3)
print(pool2d(X))
pool2d = nn.MaxPool2d(3, padding=1, stride=2)
print(pool2d(X))
pool2d = nn.MaxPool2d((2, 3), stride=(2, 3), padding=(0, 1))
print(pool2d(X), pool2d)
X = torch.cat((X, X + 1), 1)
print(X.shape)
pool2d = nn.MaxPool2d(3, padding=1, stride=2)
print(pool2d(X))
print(nn.AvgPool2d(2)(X), nn.AvgPool2d(3, padding=1, stride=2)(X))
print(nn.AdaptiveAvgPool2d((1, 1))(X), nn.AdaptiveMaxPool2d(1)(X).shape)
print(F.max_pool2d(X, 2, return_indices=True)[1])
try:
    pool2d(torch.arange(4.0).reshape(1, 1, 2, 2)[:, :, :1, :1])
except RuntimeError as e:
    print('RuntimeError:', e)
try:
    nn.MaxPool2d(3)(torch.ones(1, 1, 2, 2))
except RuntimeError as e:
    print('RuntimeError:', e)
try:
    nn.MaxPool2d(3, padding=2)(torch.ones(1, 1, 4, 4))
except RuntimeError as e:
    print('RuntimeError:', e)
''')


# ---- ch. 7-8 CNNs: LeNet, AlexNet/VGG/NiN/GoogLeNet blocks, BatchNorm, ResNet, DenseNet -----
P('d2l_lenet_shapes_train', '''
torch.manual_seed(0)
net = nn.Sequential(
    nn.Conv2d(1, 6, kernel_size=5, padding=2), nn.Sigmoid(),
    nn.AvgPool2d(kernel_size=2, stride=2),
    nn.Conv2d(6, 16, kernel_size=5), nn.Sigmoid(),
    nn.AvgPool2d(kernel_size=2, stride=2),
    nn.Flatten(),
    nn.Linear(16 * 5 * 5, 120), nn.Sigmoid(),
    nn.Linear(120, 84), nn.Sigmoid(),
    nn.Linear(84, 10))
X = torch.rand(size=(1, 1, 28, 28), dtype=torch.float32)
for layer in net:
    X = layer(X)
    print(layer.__class__.__name__, 'output shape: \\t', X.shape)
def init_weights(m):
    if type(m) == nn.Linear or type(m) == nn.Conv2d:
        nn.init.xavier_uniform_(m.weight)
net.apply(init_weights)
device = torch.device('cpu')
print('training on', device)
net.to(device)
optimizer = torch.optim.SGD(net.parameters(), lr=0.9)
loss = nn.CrossEntropyLoss()
Xs = torch.rand(4, 1, 28, 28)
ys = torch.tensor([0, 3, 9, 3])
for epoch in range(3):
    net.train()
    optimizer.zero_grad()
    X, y = Xs.to(device), ys.to(device)
    y_hat = net(X)
    l = loss(y_hat, y)
    l.backward()
    optimizer.step()
    with torch.no_grad():
        acc = (y_hat.argmax(axis=1) == y).float().mean()
    print(f'loss {l * X.shape[0]:.3f}, train acc {acc:.3f}')
net.eval()
with torch.no_grad():
    print(net(Xs).argmax(dim=1), net[0].weight.grad.shape)
''')

P('d2l_lenet_lazy', '''
torch.manual_seed(0)
net = nn.Sequential(
    nn.LazyConv2d(6, kernel_size=5, padding=2), nn.Sigmoid(),
    nn.AvgPool2d(kernel_size=2, stride=2),
    nn.LazyConv2d(16, kernel_size=5), nn.Sigmoid(),
    nn.AvgPool2d(kernel_size=2, stride=2),
    nn.Flatten(),
    nn.LazyLinear(120), nn.Sigmoid(),
    nn.LazyLinear(84), nn.Sigmoid(),
    nn.LazyLinear(10))
print(net)
def layer_summary(net, X_shape):
    X = torch.randn(*X_shape)
    for layer in net:
        X = layer(X)
        print(layer.__class__.__name__, 'output shape:\\t', X.shape)
layer_summary(net, (1, 1, 16, 16))
print(net)
print([(n, tuple(p.shape)) for n, p in net.named_parameters()][:4])
def init_cnn(module):
    if type(module) == nn.Linear or type(module) == nn.Conv2d:
        nn.init.xavier_uniform_(module.weight)
net.apply(init_cnn)
print(net(torch.rand(2, 1, 16, 16)).shape)
try:
    net(torch.rand(2, 3, 16, 16))
except RuntimeError as e:
    print('RuntimeError:', e)
try:
    net(torch.rand(2, 1, 12, 12))
except RuntimeError as e:
    print('RuntimeError:', e)
''')

P('d2l_alexnet_vgg_small', '''
torch.manual_seed(0)
alex = nn.Sequential(
    nn.Conv2d(1, 8, kernel_size=5, stride=2, padding=1), nn.ReLU(),
    nn.MaxPool2d(kernel_size=3, stride=2),
    nn.Conv2d(8, 16, kernel_size=3, padding=1), nn.ReLU(),
    nn.Conv2d(16, 16, kernel_size=3, padding=1), nn.ReLU(),
    nn.Flatten(),
    nn.Linear(16 * 3 * 3, 32), nn.ReLU(), nn.Dropout(p=0.5),
    nn.Linear(32, 10))
X = torch.randn(1, 1, 16, 16)
for layer in alex:
    X = layer(X)
    print(layer.__class__.__name__, 'output shape:\\t', X.shape)
def vgg_block(num_convs, in_channels, out_channels):
    layers = []
    for _ in range(num_convs):
        layers.append(nn.Conv2d(in_channels, out_channels, kernel_size=3, padding=1))
        layers.append(nn.ReLU())
        in_channels = out_channels
    layers.append(nn.MaxPool2d(kernel_size=2, stride=2))
    return nn.Sequential(*layers)
conv_arch = ((1, 4), (1, 8), (2, 8))
def vgg(conv_arch):
    conv_blks = []
    in_channels = 1
    for (num_convs, out_channels) in conv_arch:
        conv_blks.append(vgg_block(num_convs, in_channels, out_channels))
        in_channels = out_channels
    return nn.Sequential(
        *conv_blks, nn.Flatten(),
        nn.Linear(out_channels * 2 * 2, 16), nn.ReLU(), nn.Dropout(0.5),
        nn.Linear(16, 10))
net = vgg(conv_arch)
X = torch.randn(size=(1, 1, 16, 16))
for blk in net:
    X = blk(X)
    print(blk.__class__.__name__, 'output shape:\\t', X.shape)
print(net)
ratio = 4
small_conv_arch = [(pair[0], pair[1] // ratio) for pair in conv_arch]
print(small_conv_arch, sum(p.numel() for p in net.parameters()))
''')

P('d2l_nin_googlenet_blocks', '''
torch.manual_seed(0)
def nin_block(in_channels, out_channels, kernel_size, strides, padding):
    return nn.Sequential(
        nn.Conv2d(in_channels, out_channels, kernel_size, strides, padding),
        nn.ReLU(),
        nn.Conv2d(out_channels, out_channels, kernel_size=1), nn.ReLU(),
        nn.Conv2d(out_channels, out_channels, kernel_size=1), nn.ReLU())
net = nn.Sequential(
    nin_block(1, 8, kernel_size=3, strides=1, padding=1),
    nn.MaxPool2d(3, stride=2),
    nn.Dropout(0.5),
    nin_block(8, 10, kernel_size=3, strides=1, padding=1),
    nn.AdaptiveAvgPool2d((1, 1)),
    nn.Flatten())
X = torch.rand(size=(1, 1, 16, 16))
for layer in net:
    X = layer(X)
    print(layer.__class__.__name__, 'output shape:\\t', X.shape)
print(net[0])
class Inception(nn.Module):
    def __init__(self, in_channels, c1, c2, c3, c4, **kwargs):
        super(Inception, self).__init__(**kwargs)
        self.p1_1 = nn.Conv2d(in_channels, c1, kernel_size=1)
        self.p2_1 = nn.Conv2d(in_channels, c2[0], kernel_size=1)
        self.p2_2 = nn.Conv2d(c2[0], c2[1], kernel_size=3, padding=1)
        self.p3_1 = nn.Conv2d(in_channels, c3[0], kernel_size=1)
        self.p3_2 = nn.Conv2d(c3[0], c3[1], kernel_size=5, padding=2)
        self.p4_1 = nn.MaxPool2d(kernel_size=3, stride=1, padding=1)
        self.p4_2 = nn.Conv2d(in_channels, c4, kernel_size=1)
    def forward(self, x):
        p1 = F.relu(self.p1_1(x))
        p2 = F.relu(self.p2_2(F.relu(self.p2_1(x))))
        p3 = F.relu(self.p3_2(F.relu(self.p3_1(x))))
        p4 = F.relu(self.p4_2(self.p4_1(x)))
        return torch.cat((p1, p2, p3, p4), dim=1)
b1 = nn.Sequential(nn.Conv2d(1, 8, kernel_size=7, stride=2, padding=3),
                   nn.ReLU(), nn.MaxPool2d(kernel_size=3, stride=2, padding=1))
inc = Inception(8, 4, (4, 8), (2, 4), 4)
net = nn.Sequential(b1, inc, nn.AdaptiveAvgPool2d((1, 1)), nn.Flatten(), nn.Linear(20, 10))
X = torch.rand(size=(2, 1, 16, 16))
for layer in net:
    X = layer(X)
    print(layer.__class__.__name__, 'output shape:\\t', X.shape)
print(inc)
print(X.sum(dim=1).round(decimals=4))
try:
    Inception(8, 4, (4, 8), (2, 4), 4, bogus=1)
except TypeError as e:
    print('TypeError:', e)
''')

P('d2l_batchnorm_scratch', '''
torch.manual_seed(0)
def batch_norm(X, gamma, beta, moving_mean, moving_var, eps, momentum):
    if not torch.is_grad_enabled():
        X_hat = (X - moving_mean) / torch.sqrt(moving_var + eps)
    else:
        assert len(X.shape) in (2, 4)
        if len(X.shape) == 2:
            mean = X.mean(dim=0)
            var = ((X - mean) ** 2).mean(dim=0)
        else:
            mean = X.mean(dim=(0, 2, 3), keepdim=True)
            var = ((X - mean) ** 2).mean(dim=(0, 2, 3), keepdim=True)
        X_hat = (X - mean) / torch.sqrt(var + eps)
        moving_mean = momentum * moving_mean + (1.0 - momentum) * mean
        moving_var = momentum * moving_var + (1.0 - momentum) * var
    Y = gamma * X_hat + beta
    return Y, moving_mean.data, moving_var.data
class BatchNorm(nn.Module):
    def __init__(self, num_features, num_dims):
        super().__init__()
        if num_dims == 2:
            shape = (1, num_features)
        else:
            shape = (1, num_features, 1, 1)
        self.gamma = nn.Parameter(torch.ones(shape))
        self.beta = nn.Parameter(torch.zeros(shape))
        self.moving_mean = torch.zeros(shape)
        self.moving_var = torch.ones(shape)
    def forward(self, X):
        if self.moving_mean.device != X.device:
            self.moving_mean = self.moving_mean.to(X.device)
            self.moving_var = self.moving_var.to(X.device)
        Y, self.moving_mean, self.moving_var = batch_norm(
            X, self.gamma, self.beta, self.moving_mean,
            self.moving_var, eps=1e-5, momentum=0.9)
        return Y
bn = BatchNorm(3, num_dims=4)
ref = nn.BatchNorm2d(3, momentum=0.1)
X = torch.rand(4, 3, 5, 5) * 4 + 1
Y = bn(X)
Yr = ref(X)
print(Y.shape, (Y - Yr).abs().max() < 1e-5, Y.mean(dim=(0, 2, 3)).abs().max() < 1e-5)
print(bn.moving_mean.reshape(-1).round(decimals=4), ref.running_mean.round(decimals=4))
print(ref.running_var.round(decimals=3), bn.moving_var.reshape(-1).round(decimals=3))
print(ref.num_batches_tracked, list(ref.state_dict().keys()), [n for n, _ in bn.named_parameters()])
with torch.no_grad():
    print(bn(X).mean().round(decimals=4))
bn1 = BatchNorm(4, num_dims=2)
print(bn1(torch.arange(8.0).reshape(2, 4)), bn1.moving_mean)
try:
    bn(torch.ones(2, 3, 4))
except AssertionError:
    print('AssertionError')
net = nn.Sequential(nn.Conv2d(1, 2, kernel_size=3), BatchNorm(2, num_dims=4), nn.Sigmoid(),
                    nn.AvgPool2d(kernel_size=2, stride=2), nn.Flatten(),
                    nn.Linear(2 * 3 * 3, 6), BatchNorm(6, num_dims=2), nn.Sigmoid(), nn.Linear(6, 3))
opt = torch.optim.SGD(net.parameters(), lr=1.0)
Xs, ys = torch.rand(4, 1, 8, 8), torch.tensor([0, 1, 2, 1])
for i in range(3):
    l = F.cross_entropy(net(Xs), ys)
    opt.zero_grad(); l.backward(); opt.step()
    print(i, round(l.item(), 4))
print(net[1].gamma.reshape((-1,)).round(decimals=4), net[1].beta.reshape((-1,)).round(decimals=4))
''')

P('d2l_batchnorm_concise', '''
torch.manual_seed(0)
net = nn.Sequential(
    nn.Conv2d(1, 4, kernel_size=3), nn.BatchNorm2d(4), nn.Sigmoid(),
    nn.AvgPool2d(kernel_size=2, stride=2), nn.Flatten(),
    nn.Linear(4 * 3 * 3, 8), nn.BatchNorm1d(8), nn.Sigmoid(),
    nn.Linear(8, 3))
print(net)
opt = torch.optim.SGD(net.parameters(), lr=1.0)
loss = nn.CrossEntropyLoss()
Xs, ys = torch.rand(4, 1, 8, 8), torch.tensor([0, 1, 2, 1])
for i in range(3):
    l = loss(net(Xs), ys)
    opt.zero_grad(); l.backward(); opt.step()
    print(i, round(l.item(), 4))
print(net[1].weight.reshape((-1,)).round(decimals=4), net[1].bias.reshape((-1,)).round(decimals=4))
print(net[1].running_mean.round(decimals=4), net[1].num_batches_tracked, net[6].running_var.shape)
print([k for k in net.state_dict().keys() if k.startswith('1.')])
net.eval()
out = net(Xs)
print(out.shape, out.argmax(dim=1), net[1].training)
try:
    nn.BatchNorm1d(8).train()(torch.ones(1, 8))
except ValueError as e:
    print('ValueError:', e)
try:
    nn.BatchNorm2d(4)(torch.ones(2, 4, 3))
except ValueError as e:
    print('ValueError:', e)
try:
    nn.BatchNorm2d(3)(torch.ones(2, 4, 3, 3))
except RuntimeError as e:
    print('RuntimeError:', e)
''')

P('d2l_resnet_blocks', '''
torch.manual_seed(0)
class Residual(nn.Module):
    def __init__(self, input_channels, num_channels, use_1x1conv=False, strides=1):
        super().__init__()
        self.conv1 = nn.Conv2d(input_channels, num_channels, kernel_size=3, padding=1, stride=strides)
        self.conv2 = nn.Conv2d(num_channels, num_channels, kernel_size=3, padding=1)
        if use_1x1conv:
            self.conv3 = nn.Conv2d(input_channels, num_channels, kernel_size=1, stride=strides)
        else:
            self.conv3 = None
        self.bn1 = nn.BatchNorm2d(num_channels)
        self.bn2 = nn.BatchNorm2d(num_channels)
    def forward(self, X):
        Y = F.relu(self.bn1(self.conv1(X)))
        Y = self.bn2(self.conv2(Y))
        if self.conv3:
            X = self.conv3(X)
        Y += X
        return F.relu(Y)
blk = Residual(3, 3)
X = torch.rand(4, 3, 6, 6)
Y = blk(X)
print(Y.shape)
blk = Residual(3, 6, use_1x1conv=True, strides=2)
print(blk(X).shape)
print(blk)
b1 = nn.Sequential(nn.Conv2d(1, 8, kernel_size=7, stride=2, padding=3),
                   nn.BatchNorm2d(8), nn.ReLU(),
                   nn.MaxPool2d(kernel_size=3, stride=2, padding=1))
def resnet_block(input_channels, num_channels, num_residuals, first_block=False):
    blk = []
    for i in range(num_residuals):
        if i == 0 and not first_block:
            blk.append(Residual(input_channels, num_channels, use_1x1conv=True, strides=2))
        else:
            blk.append(Residual(num_channels, num_channels))
    return blk
b2 = nn.Sequential(*resnet_block(8, 8, 1, first_block=True))
b3 = nn.Sequential(*resnet_block(8, 16, 1))
net = nn.Sequential(b1, b2, b3, nn.AdaptiveAvgPool2d((1, 1)), nn.Flatten(), nn.Linear(16, 10))
X = torch.rand(size=(2, 1, 16, 16))
for layer in net:
    X = layer(X)
    print(layer.__class__.__name__, 'output shape:\\t', X.shape)
print(len(list(net.parameters())), len(net.state_dict()), X.sum(dim=1).round(decimals=3))
print([n for n, _ in net[2].named_children()], list(net[2][0].state_dict().keys())[:4])
''')

P('d2l_densenet_blocks', '''
torch.manual_seed(0)
def conv_block(input_channels, num_channels):
    return nn.Sequential(
        nn.BatchNorm2d(input_channels), nn.ReLU(),
        nn.Conv2d(input_channels, num_channels, kernel_size=3, padding=1))
class DenseBlock(nn.Module):
    def __init__(self, num_convs, input_channels, num_channels):
        super(DenseBlock, self).__init__()
        layer = []
        for i in range(num_convs):
            layer.append(conv_block(num_channels * i + input_channels, num_channels))
        self.net = nn.Sequential(*layer)
    def forward(self, X):
        for blk in self.net:
            Y = blk(X)
            X = torch.cat((X, Y), dim=1)
        return X
blk = DenseBlock(2, 3, 10)
X = torch.randn(4, 3, 8, 8)
Y = blk(X)
print(Y.shape)
def transition_block(input_channels, num_channels):
    return nn.Sequential(
        nn.BatchNorm2d(input_channels), nn.ReLU(),
        nn.Conv2d(input_channels, num_channels, kernel_size=1),
        nn.AvgPool2d(kernel_size=2, stride=2))
blk2 = transition_block(23, 10)
print(blk2(Y).shape)
print(blk)
print(blk2)
print((Y[:, :3] == X).all(), Y.dtype, blk.net[1][2].weight.shape)
try:
    torch.cat((X, torch.ones(4, 2, 4, 4)), dim=1)
except RuntimeError as e:
    print('RuntimeError:', e)
try:
    torch.cat([X, torch.ones(4, 2, 8, 8).double()], dim=1).dtype
    print(torch.cat([X, torch.ones(4, 2, 8, 8).double()], dim=1).dtype)
    torch.cat([X], dim=4)
except IndexError as e:
    print('IndexError:', e)
''')


# ---- errors d2l readers hit, and pandas-free data preprocessing -----------------------------
P('d2l_data_preprocessing_numpy', '''
inputs = np.array([[3., 1., 0.], [2., 0., 1.], [4., 0., 1.], [3., 0., 1.]])
targets = np.array([127500., 106000., 178100., 140000.])
X = torch.tensor(inputs)
y = torch.tensor(targets)
print(X, y, sep=chr(10))
print(X.dtype, y.dtype, torch.tensor(inputs, dtype=torch.float32).dtype)
print(torch.from_numpy(inputs.astype(np.float32)) * 2)
print(y / 1000, y.float(), y.mean(), y.std())
Xn = np.array([[np.nan, 1.0], [2.0, np.nan], [3.0, 4.0]])
T = torch.tensor(Xn)
print(T, torch.isnan(T).sum(axis=0), T.nan_to_num(0.0))
m = torch.nanmean(T, dim=0)
T = torch.where(torch.isnan(T), m, T)
print(T, T.numpy().tolist())
print(torch.tensor([[1e-5, 1.0], [1e5, 2.0]]), torch.tensor([0.1, 1234567.0]))
print(torch.tensor([1.5, float('inf'), -float('inf'), float('nan')]))
''')

P('d2l_errors_tensors', '''
def show(f):
    try:
        r = f()
        print('ok', r)
    except Exception as e:
        print(type(e).__name__ + ':', str(e).split(chr(10))[0])
y = torch.tensor([0, 2])
y_hat = torch.tensor([[0.1, 0.3, 0.6], [0.3, 0.2, 0.5]])
show(lambda: y_hat[[0, 1], y.float()])
show(lambda: y_hat[[0, 1], torch.tensor([0, 3])])
show(lambda: y_hat[range(3), y])
show(lambda: torch.arange(12).view(3, 5))
show(lambda: torch.arange(12).reshape(-1, -1))
show(lambda: torch.mm(torch.ones(2, 3, dtype=torch.long), torch.ones(3, 2)))
show(lambda: torch.matmul(torch.ones(2, 3), torch.ones(2, 3)))
show(lambda: torch.ones(2, 3) @ torch.ones(4))
show(lambda: torch.normal(0, 1, (2, 3), requires_grad=True).numpy())
show(lambda: torch.zeros(2, 3).sum(axis=2))
show(lambda: torch.zeros(2, 3).mean(axis=(0, 0)))
show(lambda: torch.arange(4).mean())
show(lambda: torch.cat((torch.ones(2, 2), torch.ones(2, 2, dtype=torch.long))).dtype)
show(lambda: torch.cat([torch.ones(2, 2), torch.ones(2)]))
show(lambda: torch.stack([torch.ones(2, 2), torch.ones(3, 2)]))
show(lambda: torch.tensor([[1, 2], [3]]))
show(lambda: torch.tensor([1, 2]) + torch.tensor([1, 2, 3]))
show(lambda: torch.exp(torch.arange(3)))
show(lambda: torch.arange(3).exp_())
show(lambda: torch.norm(torch.arange(3)))
show(lambda: torch.ones(3).dot(torch.ones(3, 1)))
show(lambda: torch.mv(torch.ones(2, 3), torch.ones(3, 1)))
show(lambda: torch.max(torch.tensor([1, 2]), torch.tensor([1.0, 3.0])))
''')

P('d2l_errors_modules', '''
def show(f):
    try:
        r = f()
        print('ok', r)
    except Exception as e:
        print(type(e).__name__ + ':', str(e).split(chr(10))[0])
torch.manual_seed(0)
net = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))
show(lambda: net(torch.rand(2, 20)))
show(lambda: net(torch.tensor([[1, 2, 3, 4]])))
show(lambda: net[5])
show(lambda: net[-4])
show(lambda: net(torch.rand(4)).shape)
def assign():
    net[0].weight = torch.ones(8, 4)
show(assign)
class NoInit(nn.Module):
    def __init__(self):
        self.lin = nn.Linear(2, 2)
show(NoInit)
class NoInitParam(nn.Module):
    def __init__(self):
        self.w = nn.Parameter(torch.ones(2))
show(NoInitParam)
class NoForward(nn.Module):
    def __init__(self):
        super().__init__()
show(lambda: NoForward()(torch.ones(2)))
sd = net.state_dict()
sd['0.weight'] = torch.zeros(8, 5)
show(lambda: net.load_state_dict(sd))
show(lambda: net.load_state_dict({'0.weight': torch.zeros(8, 4)}))
loss = nn.CrossEntropyLoss()
show(lambda: loss(torch.rand(2, 3), torch.tensor([0.0, 1.0])))
show(lambda: loss(torch.rand(2, 3), torch.tensor([0, 3])))
show(lambda: loss(torch.rand(2, 3), torch.tensor([[0], [1]])))
show(lambda: nn.MSELoss()(torch.rand(2, 1), torch.rand(2)).shape)
show(lambda: nn.Conv2d(1, 1, 3)(torch.rand(8, 8)))
show(lambda: nn.Conv2d(1, 1, 3)(torch.rand(1, 8, 8)).shape)
show(lambda: nn.Conv2d(1, 1, 5)(torch.rand(1, 1, 3, 3)))
show(lambda: nn.BatchNorm1d(4)(torch.rand(2, 3)))
show(lambda: nn.Linear(4, 2)(torch.rand(2, 4, dtype=torch.float64)))
show(lambda: torch.optim.SGD(net.parameters()))
show(lambda: torch.optim.SGD([], lr=0.1))
show(lambda: torch.optim.SGD(net.parameters(), lr=-1))
show(lambda: nn.Dropout(1.5))
show(lambda: nn.Linear(4, 2).weight.grad.zero_())
show(lambda: type(net.apply(lambda m: None)).__name__)
show(lambda: nn.Sequential(nn.Linear(2, 2))[0:1])
show(lambda: net.get_parameter('0.weight').shape)
show(lambda: net.get_submodule('3'))
''')


# ---- d2l 1.0 style (classes around nn.Module, lazy layers everywhere) -----------------------
P('d2l_v1_linreg_classes', '''
import random
random.seed(1)
torch.manual_seed(1)
class SyntheticRegressionData:
    def __init__(self, w, b, noise=0.01, num_train=16, num_val=8, batch_size=8):
        self.w, self.b, self.num_train, self.num_val, self.batch_size = w, b, num_train, num_val, batch_size
        n = num_train + num_val
        self.X = torch.randn(n, len(w))
        noise = torch.randn(n, 1) * noise
        self.y = torch.matmul(self.X, w.reshape((-1, 1))) + b + noise
    def get_tensorloader(self, tensors, train, indices=slice(0, None)):
        tensors = tuple(a[indices] for a in tensors)
        dataset = torch.utils.data.TensorDataset(*tensors)
        return torch.utils.data.DataLoader(dataset, self.batch_size, shuffle=train)
    def get_dataloader(self, train):
        i = slice(0, self.num_train) if train else slice(self.num_train, None)
        return self.get_tensorloader((self.X, self.y), train, i)
    def scratch_loader(self, train):
        if train:
            indices = list(range(0, self.num_train))
            random.shuffle(indices)
        else:
            indices = list(range(self.num_train, self.num_train + self.num_val))
        for i in range(0, len(indices), self.batch_size):
            batch_indices = torch.tensor(indices[i: i + self.batch_size])
            yield self.X[batch_indices], self.y[batch_indices]
class LinearRegression(nn.Module):
    def __init__(self, lr, sigma=0.01):
        super().__init__()
        self.lr = lr
        self.net = nn.LazyLinear(1)
        self.net.weight.data.normal_(0, sigma)
        self.net.bias.data.fill_(0)
    def forward(self, X):
        return self.net(X)
    def loss(self, y_hat, y):
        fn = nn.MSELoss()
        return fn(y_hat, y)
    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), self.lr)
    def get_w_b(self):
        return (self.net.weight.data, self.net.bias.data)
data_ = SyntheticRegressionData(w=torch.tensor([2, -3.4]), b=4.2)
X, y = next(iter(data_.get_dataloader(train=True)))
print('X shape:', X.shape, '\\ny shape:', y.shape, len(data_.get_dataloader(False)))
Xs, ys = next(data_.scratch_loader(True))
print(Xs.shape, ys.shape)
model = LinearRegression(lr=0.1)
print(model, model.net.weight)
optim_ = model.configure_optimizers()
for epoch in range(3):
    model.train()
    for Xb, yb in data_.get_dataloader(True):
        l = model.loss(model(Xb), yb)
        optim_.zero_grad()
        with torch.no_grad():
            l.backward()
            optim_.step()
    model.eval()
    with torch.no_grad():
        vl = [model.loss(model(Xv), yv).item() for Xv, yv in data_.get_dataloader(False)]
    print(epoch, round(sum(vl) / len(vl), 4))
w, b = model.get_w_b()
print(f'error in estimating w: {(data_.w - w.reshape(data_.w.shape)).round(decimals=2)}')
print(f'error in estimating b: {(data_.b - b).round(decimals=2)}')
print(model, optim_.param_groups[0]['lr'])
''')

P('d2l_v1_classifier_accuracy', '''
torch.manual_seed(0)
def loss(Y_hat, Y, averaged=True):
    Y_hat = Y_hat.reshape((-1, Y_hat.shape[-1]))
    Y = Y.reshape((-1,))
    return F.cross_entropy(Y_hat, Y, reduction='mean' if averaged else 'none')
def accuracy(Y_hat, Y, averaged=True):
    Y_hat = Y_hat.reshape((-1, Y_hat.shape[-1]))
    preds = Y_hat.argmax(axis=1).type(Y.dtype)
    compare = (preds == Y.reshape(-1)).type(torch.float32)
    return compare.mean() if averaged else compare
Y_hat = torch.tensor([[0.1, 0.3, 0.6], [0.3, 0.2, 0.5], [2.0, 1.0, 0.0], [0.0, 0.0, 0.0]])
Y = torch.tensor([2, 0, 0, 1])
print(loss(Y_hat, Y), loss(Y_hat, Y, averaged=False))
print(accuracy(Y_hat, Y), accuracy(Y_hat, Y, False))
def softmax(X):
    X_exp = torch.exp(X)
    partition = X_exp.sum(1, keepdims=True)
    return X_exp / partition
def cross_entropy(y_hat, y):
    return -torch.log(y_hat[list(range(len(y_hat))), y]).mean()
print(cross_entropy(softmax(Y_hat), Y), softmax(Y_hat).sum(1, keepdims=True).shape)
class SoftmaxRegression(nn.Module):
    def __init__(self, num_outputs, lr):
        super().__init__()
        self.lr = lr
        self.net = nn.Sequential(nn.Flatten(), nn.LazyLinear(num_outputs))
    def forward(self, X):
        return self.net(X)
model = SoftmaxRegression(3, lr=0.1)
X = torch.rand(8, 1, 4, 4)
y = torch.tensor([0, 1, 2, 0, 1, 2, 1, 0])
opt = None
for step in range(3):
    Y_hat = model(X)
    if opt is None:
        opt = torch.optim.SGD(model.parameters(), lr=model.lr)
    l = loss(Y_hat, y)
    opt.zero_grad(); l.backward(); opt.step()
    print(step, round(l.item(), 4), accuracy(Y_hat, y).item())
print(model)
preds = model(X).argmax(axis=1)
wrong = preds.type(y.dtype) != y
print(wrong, X[wrong].shape, y[wrong], preds[wrong])
labels = [f'{a}-{b}' for a, b in zip(y[wrong].tolist(), preds[wrong].tolist())]
print(labels)
''')

P('d2l_v1_lazy_resnet_densenet', '''
torch.manual_seed(0)
class Residual(nn.Module):
    def __init__(self, num_channels, use_1x1conv=False, strides=1):
        super().__init__()
        self.conv1 = nn.LazyConv2d(num_channels, kernel_size=3, padding=1, stride=strides)
        self.conv2 = nn.LazyConv2d(num_channels, kernel_size=3, padding=1)
        if use_1x1conv:
            self.conv3 = nn.LazyConv2d(num_channels, kernel_size=1, stride=strides)
        else:
            self.conv3 = None
        self.bn1 = nn.LazyBatchNorm2d()
        self.bn2 = nn.LazyBatchNorm2d()
    def forward(self, X):
        Y = F.relu(self.bn1(self.conv1(X)))
        Y = self.bn2(self.conv2(Y))
        if self.conv3:
            X = self.conv3(X)
        Y += X
        return F.relu(Y)
blk = Residual(3)
print(blk)
X = torch.randn(4, 3, 6, 6)
print(blk(X).shape)
print(blk)
blk = Residual(6, use_1x1conv=True, strides=2)
print(blk(X).shape, blk.bn1.running_mean.shape, blk.bn1.num_batches_tracked)
def conv_block(num_channels):
    return nn.Sequential(
        nn.LazyBatchNorm2d(), nn.ReLU(),
        nn.LazyConv2d(num_channels, kernel_size=3, padding=1))
class DenseBlock(nn.Module):
    def __init__(self, num_convs, num_channels):
        super(DenseBlock, self).__init__()
        layer = []
        for i in range(num_convs):
            layer.append(conv_block(num_channels))
        self.net = nn.Sequential(*layer)
    def forward(self, X):
        for blk in self.net:
            Y = blk(X)
            X = torch.cat((X, Y), dim=1)
        return X
blk = DenseBlock(2, 10)
Y = blk(torch.randn(4, 3, 8, 8))
print(Y.shape, blk.net[1][0])
def transition_block(num_channels):
    return nn.Sequential(
        nn.LazyBatchNorm2d(), nn.ReLU(),
        nn.LazyConv2d(num_channels, kernel_size=1),
        nn.AvgPool2d(kernel_size=2, stride=2))
print(transition_block(10)(Y).shape)
net = nn.Sequential(nn.LazyConv2d(4, kernel_size=3, padding=1), nn.LazyBatchNorm2d(), nn.ReLU(),
                    nn.AdaptiveAvgPool2d((1, 1)), nn.Flatten(), nn.LazyLinear(3))
print(net)
opt = None
Xs, ys = torch.rand(4, 1, 8, 8), torch.tensor([0, 1, 2, 0])
for i in range(3):
    l = F.cross_entropy(net(Xs), ys)
    if opt is None:
        opt = torch.optim.SGD(net.parameters(), lr=0.5)
        print(len(opt.param_groups[0]['params']), [tuple(p.shape) for p in net.parameters()])
    opt.zero_grad(); l.backward(); opt.step()
    print(i, round(l.item(), 4))
print(net, net[1].weight.round(decimals=4))
''')
