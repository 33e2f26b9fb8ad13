"""How precise are the number formats deep learning trains in?"""
import torch

x = torch.tensor(1 / 3, dtype=torch.float64)
for dtype in (torch.float32, torch.bfloat16, torch.float16):
    info = torch.finfo(dtype)
    error = abs(x.to(dtype).double() - x).item()
    print(f"{str(dtype):15} bits={info.bits:2}  eps={info.eps:.1e}  max={info.max:.1e}  error(1/3)={error:.1e}")
