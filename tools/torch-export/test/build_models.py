"""Builds the models the export test checks, exports each, and records its state_dict's keys and shapes."""

import json
import os
import sys

import torch
from torch import nn

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from export_model import export_model  # noqa: E402


class BasicBlock(nn.Module):
    def __init__(self, channels, stride=1):
        super().__init__()
        self.conv1 = nn.Conv2d(channels, channels, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(channels)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = nn.Conv2d(channels, channels, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(channels)

    def forward(self, x):
        return self.relu(self.bn2(self.conv2(self.relu(self.bn1(self.conv1(x))))) + x)


class TinyResNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 8, 7, stride=2, padding=3, bias=False), nn.BatchNorm2d(8), nn.ReLU(), nn.MaxPool2d(3, 2, 1))
        self.layer1 = nn.Sequential(BasicBlock(8), BasicBlock(8))
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(8, 10)
        self.init_cfg = [{"type": "Kaiming", "layer": "Conv2d"}, {"type": "Constant", "val": 1, "layer": "BatchNorm2d"}]


class TinyViT(nn.Module):
    def __init__(self, dim=16, depth=2):
        super().__init__()
        self.patch_embed = nn.Conv2d(3, dim, 4, stride=4)
        self.cls_token = nn.Parameter(torch.zeros(1, 1, dim))
        self.pos_embed = nn.Parameter(torch.zeros(1, 17, dim))
        self.blocks = nn.ModuleList([nn.TransformerEncoderLayer(dim, 2, dim * 2, batch_first=True) for _ in range(depth)])
        self.norm = nn.LayerNorm(dim)
        self.head = nn.Linear(dim, 5)
        self.init_cfg = {"type": "TruncNormal", "std": 0.02, "layer": "Linear"}


class Nested(nn.Module):
    def __init__(self):
        super().__init__()
        self.stages = nn.ModuleList([nn.ModuleDict({"proj": nn.Linear(4, 4), "norm": nn.GroupNorm(2, 4)}) for _ in range(2)])
        self.heads = nn.ModuleDict({"cls": nn.Linear(4, 3), "emb": nn.Embedding(10, 4, padding_idx=0)})
        self.register_buffer("scale", torch.ones(4))


def main(directory):
    for name, model in [("resnet", TinyResNet()), ("vit", TinyViT()), ("nested", Nested())]:
        export_model(model, os.path.join(directory, f"{name}.json"))
        with open(os.path.join(directory, f"{name}.state.json"), "w", encoding="utf-8") as file:
            json.dump({key: list(value.shape) for key, value in model.state_dict().items()}, file)


if __name__ == "__main__":
    main(sys.argv[1])
