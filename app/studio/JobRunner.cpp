#include "app/studio/JobRunner.h"

#include "core/util/error.h"

#include <QtConcurrent/QtConcurrent>

#include <c10/util/Exception.h>

#include <chrono>
#include <mutex>

namespace {

// Progress reports of one phase closer together than this are dropped (a new phase always gets through);
// a job reporting every optimisation step would otherwise flood the event loop.
constexpr auto kMinProgressInterval = std::chrono::milliseconds(40);

}  // namespace

JobRunner::JobRunner(QObject* parent) : QObject(parent) {
  pool_.setMaxThreadCount(1);  // one job at a time; LibTorch's own threads do the parallel work
  connect(&watcher_, &QFutureWatcher<Result>::finished, this, [this] {
    const Result result = watcher_.result();
    busy_ = false;
    const double seconds = clock_.elapsed() / 1000.0;
    Done done = std::move(onSuccess_);
    onSuccess_ = nullptr;
    if (result.outcome == JobOutcome::Succeeded && done) done();
    Q_EMIT finished(title_, result.outcome, result.message, seconds);
  });
}

JobRunner::~JobRunner() {
  cancel();
  pool_.waitForDone();
}

bool JobRunner::start(const QString& title, Work work, Done onSuccess) {
  if (busy_) return false;
  busy_ = true;
  title_ = title;
  cancel_ = vq::CancelToken();
  onSuccess_ = std::move(onSuccess);
  clock_.start();
  Q_EMIT started(title);

  // The worker calls this; it forwards to the GUI thread through the event queue.
  struct Throttle {
    std::mutex mutex;
    std::chrono::steady_clock::time_point last{};
    std::string phase;
  };
  auto throttle = std::make_shared<Throttle>();
  vq::ProgressFn progress = [this, throttle](double fraction, const std::string& phase) {
    {
      std::lock_guard<std::mutex> lock(throttle->mutex);
      const auto now = std::chrono::steady_clock::now();
      if (phase == throttle->phase && now - throttle->last < kMinProgressInterval) return;
      throttle->last = now;
      throttle->phase = phase;
    }
    const QString text = QString::fromStdString(phase);
    QMetaObject::invokeMethod(this, [this, fraction, text] { Q_EMIT progressed(fraction, text); }, Qt::QueuedConnection);
  };
  const vq::CancelToken token = cancel_;
  watcher_.setFuture(QtConcurrent::run(&pool_, [work = std::move(work), progress, token]() -> Result {
    try {
      work(progress, token);
      if (token.cancelled()) return {JobOutcome::Cancelled, {}};
      return {};
    } catch (const vq::Cancelled&) {
      return {JobOutcome::Cancelled, {}};
    } catch (const vq::Error& e) {
      return {JobOutcome::Failed, QString::fromStdString(e.what())};
    } catch (const c10::Error& e) {
      return {JobOutcome::Failed, QString::fromStdString(e.what_without_backtrace()).section('\n', 0, 0)};
    } catch (const std::exception& e) {
      return {JobOutcome::Failed, QString::fromStdString(e.what())};
    }
  }));
  return true;
}

void JobRunner::cancel() { cancel_.cancel(); }

void JobRunner::waitForIdle() { pool_.waitForDone(); }
