#pragma once
// Runs one long engine job at a time on a worker thread (docs/design/architecture.md §4): the job gets a
// ProgressFn and a CancelToken; progress reaches the GUI thread as queued signals, at most every few
// tens of milliseconds so the event loop is never flooded; the GUI thread never waits.
#include "core/util/progress.h"

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QObject>
#include <QThreadPool>

#include <functional>
#include <memory>
#include <optional>
#include <type_traits>

enum class JobOutcome { Succeeded, Failed, Cancelled };

class JobRunner : public QObject {
  Q_OBJECT
public:
  // `work` runs on the worker thread and may throw (vq::Error, vq::Cancelled, anything); `onSuccess`
  // runs afterwards on the GUI thread, only if `work` returned normally.
  using Work = std::function<void(const vq::ProgressFn&, const vq::CancelToken&)>;
  using Done = std::function<void()>;

  explicit JobRunner(QObject* parent = nullptr);
  ~JobRunner() override;

  // False (and nothing starts) while another job runs.
  bool start(const QString& title, Work work, Done onSuccess);

  // A job that returns its result: `task` runs on the worker thread, `onSuccess` receives the value on the
  // GUI thread once the job has succeeded. False while another job runs.
  template <typename T>
  using Task = std::function<T(const vq::ProgressFn&, const vq::CancelToken&)>;
  // (The callback's type is not deduced — a lambda is not a std::function — T comes from the task.)
  template <typename T>
  bool run(const QString& title, Task<T> task, typename std::common_type<std::function<void(T)>>::type onSuccess) {
    auto result = std::make_shared<std::optional<T>>();
    return start(
        title, [task = std::move(task), result](const vq::ProgressFn& progress, const vq::CancelToken& cancel) { result->emplace(task(progress, cancel)); },
        [result, done = std::move(onSuccess)] { done(std::move(**result)); });
  }
  void cancel();
  bool isBusy() const { return busy_; }
  QString currentTitle() const { return title_; }
  // Blocks until the current job has ended (for shutdown and tests only, never from a slot).
  void waitForIdle();

Q_SIGNALS:
  void started(const QString& title);
  void progressed(double fraction, const QString& phase);
  // message: "" on success, the error's one line on failure.
  void finished(const QString& title, JobOutcome outcome, const QString& message, double seconds);

private:
  struct Result {
    JobOutcome outcome = JobOutcome::Succeeded;
    QString message;
  };

  QThreadPool pool_;
  QFutureWatcher<Result> watcher_;
  vq::CancelToken cancel_;
  Done onSuccess_;
  QString title_;
  QElapsedTimer clock_;
  bool busy_ = false;
};
