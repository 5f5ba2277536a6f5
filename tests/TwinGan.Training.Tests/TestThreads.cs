using System.Runtime.CompilerServices;

namespace TwinGan.Training.Tests;

/// <summary>
/// Tests run serially on a shared 2-core box; LibTorch's OpenMP workers spin-wait and stall when another process
/// holds a core (docs/model.md, "Threads on a shared box"). One thread.
/// </summary>
internal static class TestThreads
{
    [ModuleInitializer]
    internal static void UseOneTorchThread() => TorchSharp.torch.set_num_threads(1);
}
