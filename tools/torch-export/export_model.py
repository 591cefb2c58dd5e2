#!/usr/bin/env python3
"""Turns a live torch.nn.Module into an initlib model file (JSON).

The model file names every module's class, its base (`nn.<Layer>` for torch's built-in layers that
initlib mirrors, `BaseModule` for modules that carry an `init_cfg` as MMEngine's BaseModule does,
`nn.Module` / `nn.Sequential` / `nn.ModuleList` / `nn.ModuleDict` otherwise), the constructor
arguments of layers, `init_cfg`, the module's own parameters and buffers, and its children.
`initlib init model.json --out weights.safetensors` then writes a file whose keys and shapes are
exactly `model.state_dict()`'s.

Needs only the standard library and torch (MMEngine is not required: `init_cfg` is read from any
module that has the attribute).

Use it from Python:

    from export_model import export_model
    export_model(model, "model.json")

or from the command line, with a module path and a factory that builds the model:

    python3 export_model.py mypackage.models:build_resnet model.json
"""

import importlib
import json
import sys

import torch
from torch import nn

# torch layers initlib builds, by class; a subclass of one is exported as that layer.
_LAYERS = [
    nn.ConvTranspose1d, nn.ConvTranspose2d, nn.ConvTranspose3d, nn.Conv1d, nn.Conv2d, nn.Conv3d,
    nn.BatchNorm1d, nn.BatchNorm2d, nn.BatchNorm3d, nn.InstanceNorm2d, nn.LayerNorm, nn.GroupNorm,
    nn.Embedding, nn.MultiheadAttention, nn.PReLU, nn.ReLU, nn.Identity, nn.MaxPool2d, nn.Linear,
]
_CONTAINERS = [(nn.Sequential, "Sequential"), (nn.ModuleList, "ModuleList"), (nn.ModuleDict, "ModuleDict")]


def _ints(value):
    return list(value) if isinstance(value, (tuple, list)) else value


def _layer_args(module, layer):
    """The constructor arguments of a built-in layer, read back from the instance."""
    name = layer.__name__
    if name == "Linear":
        return {"in_features": module.in_features, "out_features": module.out_features, "bias": module.bias is not None}
    if name.startswith("Conv"):
        args = {
            "in_channels": module.in_channels,
            "out_channels": module.out_channels,
            "kernel_size": _ints(module.kernel_size),
            "stride": _ints(module.stride),
            "padding": module.padding if isinstance(module.padding, str) else _ints(module.padding),
            "dilation": _ints(module.dilation),
            "groups": module.groups,
            "bias": module.bias is not None,
            "padding_mode": module.padding_mode,
        }
        if name.startswith("ConvTranspose"):
            args["output_padding"] = _ints(module.output_padding)
        return args
    if name.startswith("BatchNorm") or name.startswith("InstanceNorm"):
        return {
            "num_features": module.num_features,
            "eps": module.eps,
            "momentum": module.momentum,
            "affine": module.affine,
            "track_running_stats": module.track_running_stats,
        }
    if name == "LayerNorm":
        args = {"normalized_shape": list(module.normalized_shape), "eps": module.eps, "elementwise_affine": module.elementwise_affine}
        if module.elementwise_affine:
            args["bias"] = getattr(module, "bias", None) is not None
        return args
    if name == "GroupNorm":
        return {"num_groups": module.num_groups, "num_channels": module.num_channels, "eps": module.eps, "affine": module.affine}
    if name == "Embedding":
        return {"num_embeddings": module.num_embeddings, "embedding_dim": module.embedding_dim, "padding_idx": module.padding_idx}
    if name == "MultiheadAttention":
        if not module._qkv_same_embed_dim:
            raise ValueError("MultiheadAttention with kdim/vdim different from embed_dim is not supported by initlib")
        return {
            "embed_dim": module.embed_dim,
            "num_heads": module.num_heads,
            "bias": module.in_proj_bias is not None,
            "dropout": module.dropout,
            "batch_first": module.batch_first,
        }
    if name == "PReLU":
        return {"num_parameters": module.num_parameters, "init": float(module.weight.detach().flatten()[0])}
    if name == "ReLU":
        return {"inplace": module.inplace}
    if name == "MaxPool2d":
        return {"kernel_size": _ints(module.kernel_size), "stride": _ints(module.stride), "padding": module.padding}
    return {}


def _tensors(module, include):
    return [
        {"name": name, "shape": list(tensor.shape), "fill": 0}
        for name, tensor in include(module)
        if tensor is not None
    ]


def _own_buffers(module):
    return [(name, buffer) for name, buffer in module.named_buffers(recurse=False) if name not in module._non_persistent_buffers_set]


def module_spec(module, path="model"):
    """The model-file description of `module` and its subtree (a dict ready for json.dump)."""
    cls = type(module)
    spec = {"class": cls.__name__}
    layer = next((candidate for candidate in _LAYERS if isinstance(module, candidate)), None)
    if layer is not None:
        spec["base"] = f"nn.{layer.__name__}"
        if cls is not layer:
            spec["intermediate"] = [base.__name__ for base in cls.__mro__[1 : cls.__mro__.index(layer)]][::-1] or None
            if spec["intermediate"] is None:
                del spec["intermediate"]
        spec["args"] = _layer_args(module, layer)
        return spec
    container = next((name for kind, name in _CONTAINERS if isinstance(module, kind)), None)
    if hasattr(module, "init_cfg"):
        spec["base"] = container or "BaseModule"
        init_cfg = getattr(module, "init_cfg")
        if init_cfg is not None:
            spec["init_cfg"] = json.loads(json.dumps(init_cfg, default=str))
    else:
        spec["base"] = f"nn.{container}" if container else "nn.Module"
    params = _tensors(module, lambda m: m.named_parameters(recurse=False))
    buffers = _tensors(module, _own_buffers)
    if params:
        spec["params"] = params
    if buffers:
        spec["buffers"] = buffers
    children = [{"name": name, "module": module_spec(child, f"{path}.{name}")} for name, child in module.named_children()]
    if children:
        spec["children"] = children
    return spec


def export_model(model, path):
    """Writes `model`'s model file to `path` (JSON)."""
    with open(path, "w", encoding="utf-8") as file:
        json.dump(module_spec(model), file, indent=2)
        file.write("\n")


def main(argv):
    if len(argv) != 3 or ":" not in argv[1]:
        print("usage: export_model.py <module>:<factory> <model.json>", file=sys.stderr)
        return 2
    module_name, factory = argv[1].split(":", 1)
    model = getattr(importlib.import_module(module_name), factory)()
    if not isinstance(model, torch.nn.Module):
        print(f"{argv[1]} did not return a torch.nn.Module", file=sys.stderr)
        return 1
    export_model(model, argv[2])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
