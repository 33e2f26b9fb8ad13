"""Post-training int8 quantization of a weight matrix: size and error."""
import torch

w = torch.randn(256, 256) * 0.05
scale = w.abs().max() / 127
w_int8 = torch.clamp((w / scale).round(), -127, 127).to(torch.int8)
w_restored = w_int8.float() * scale
print(f"float32: {w.numel() * 4 / 1024:.0f} KiB, int8: {w.numel() / 1024:.0f} KiB")
print(f"max abs error {(w - w_restored).abs().max().item():.2e} (scale/2 = {scale.item() / 2:.2e})")
x = torch.randn(16, 256)
relative = ((x @ w - x @ w_restored).norm() / (x @ w).norm()).item()
print(f"relative error of x @ w: {relative:.2%}")
