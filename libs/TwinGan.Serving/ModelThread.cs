using System.Collections.Concurrent;

namespace TwinGan.Serving;

/// <summary>
/// A task scheduler with one thread of its own, so that an async loop started on it resumes there after every
/// <c>await</c> (awaits capture a non-default <see cref="TaskScheduler.Current"/>). A batcher started with
/// <c>TaskCreationOptions.LongRunning</c> keeps its thread only until its first await; after that the model would run
/// on whichever thread-pool thread resumed it. LibTorch's OpenMP keeps one team of worker threads per calling
/// thread, so a model hopping between pool threads leaves the previous team spinning while a new one computes (more
/// busy threads than cores) and holds a pool thread, which Kestrel and the image codec need, for the whole forward
/// pass.
/// </summary>
internal sealed class ModelThread : TaskScheduler, IDisposable
{
    private readonly BlockingCollection<Task> _tasks = [];
    private readonly Thread _thread;

    public ModelThread(string name)
    {
        _thread = new Thread(Run) { IsBackground = true, Name = name };
        _thread.Start();
    }

    public override int MaximumConcurrencyLevel => 1;

    /// <summary>
    /// Stops taking tasks and waits until those queued have run, unless called from the thread itself (the last
    /// continuation of a loop on it may dispose it), which then ends after the current task.
    /// </summary>
    public void Dispose()
    {
        _tasks.CompleteAdding();
        if (Thread.CurrentThread != _thread) _thread.Join();
    }

    protected override void QueueTask(Task task) => _tasks.Add(task);

    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) =>
        Thread.CurrentThread == _thread && TryExecuteTask(task);

    protected override IEnumerable<Task> GetScheduledTasks() => [.. _tasks];

    private void Run()
    {
        foreach (var task in _tasks.GetConsumingEnumerable()) TryExecuteTask(task);
        _tasks.Dispose();
    }
}
