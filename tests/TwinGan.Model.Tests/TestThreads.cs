using System.Runtime.CompilerServices;

namespace TwinGan.Model.Tests;

/// <summary>
/// Tests run serially on a shared 2-core box; LibTorch's OpenMP workers spin-wait, and when another process holds
/// a core a two-thread op stalls (a 16 px training step measured 5 s with 2 threads, 0.1 s with 1). One thread.
/// </summary>
internal static class TestThreads
{
    [ModuleInitializer]
    internal static void UseOneTorchThread() => TorchSharp.torch.set_num_threads(1);
}
