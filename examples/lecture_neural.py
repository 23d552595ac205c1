"""The lecture's two PyTorch classifiers, run with logitnet.

First with the building blocks (an ``MLP``, a ``DataLoader`` and ``train``), printing the same
figures the lecture prints: the loss of every epoch, the logits and probabilities of two probe
points and their classes. Then the same models as scikit-learn style estimators.

Run: ``.venv/bin/python examples/lecture_neural.py``
"""

from __future__ import annotations

import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from logitnet import (
    MLP,
    NeuralNetClassifier,
    make_lecture_blobs,
    make_lecture_circles,
    summary,
    train,
)

BATCH_SIZE = 50


def binary_network() -> None:
    """Circles: 2 inputs -> 5 ReLU units -> 1 logit, Adam lr 0.1, 20 epochs."""
    X, y = make_lecture_circles()
    dataset = TensorDataset(
        torch.tensor(X, dtype=torch.float32), torch.tensor(y, dtype=torch.float32)
    )
    dataloader = DataLoader(dataset, batch_size=BATCH_SIZE, shuffle=True)
    model = MLP(2, (5,), 1)
    print(summary(model, input_size=(1, 2)))
    criterion = nn.BCEWithLogitsLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=0.1)
    train(model, criterion, optimizer, dataloader, epochs=20, verbose=True)

    prediction = model(torch.tensor([[0, 0], [-1, -1]], dtype=torch.float32)).detach()
    print("logits of (0, 0) and (-1, -1):", prediction.flatten().tolist())
    probability = torch.sigmoid(prediction)
    print("P(class 1):", probability.flatten().tolist())
    print("classes:", np.where(probability.numpy() > 0.5, 1, 0).flatten().tolist())


def multiclass_network() -> None:
    """Blobs: 2 inputs -> 5 ReLU units -> 4 logits, Adam lr 0.2, 10 epochs."""
    X, y = make_lecture_blobs()
    dataset = TensorDataset(
        torch.tensor(X, dtype=torch.float32), torch.tensor(y, dtype=torch.int64)
    )
    dataloader = DataLoader(dataset, batch_size=BATCH_SIZE, shuffle=True)
    model = MLP(2, (5,), 4)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.2)
    train(model, nn.CrossEntropyLoss(), optimizer, dataloader, epochs=10, verbose=True)

    prediction = model(torch.tensor([[-1, -1], [1, 1]], dtype=torch.float32)).detach()
    probability = torch.softmax(prediction, dim=1)
    print("probabilities of (-1, -1) and (1, 1):", probability.numpy().round(4).tolist())
    print("they sum to:", probability.sum(dim=1).tolist())
    print("classes:", probability.argmax(dim=1).tolist())


def as_estimators() -> None:
    """The same two models as NeuralNetClassifier, seeded: the same figures on every run."""
    X, y = make_lecture_circles()
    circles = NeuralNetClassifier((5,), lr=0.1, batch_size=BATCH_SIZE, epochs=20, random_state=0)
    circles.fit(X, y)
    proba = circles.predict_proba(np.array([[0.0, 0.0], [-1.0, -1.0]]))[:, 1]
    print(f"circles: final loss {circles.history_[-1]['train_loss']:.4f}, P(class 1) {proba}")
    X, y = make_lecture_blobs()
    blobs = NeuralNetClassifier((5,), lr=0.2, batch_size=BATCH_SIZE, epochs=10, random_state=0)
    blobs.fit(X, y)
    corners = blobs.predict([[-1, -1], [1, 1]]).tolist()
    loss = blobs.history_[-1]["train_loss"]
    print(f"blobs: final loss {loss:.4f}, classes of (-1, -1) and (1, 1): {corners}")


if __name__ == "__main__":
    torch.manual_seed(2020)  # the DataLoader shuffles with torch's global generator
    binary_network()
    multiclass_network()
    as_estimators()
