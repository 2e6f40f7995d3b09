#pragma once
// The main window's views, as the controllers reach them: each controller fills the views of its jobs and
// switches to them; none of them owns a view (the window does, through Qt's parents).
class EntropyView;
class HistogramsView;
class InferenceView;
class LandscapeView;
class ModelStructureView;
class OscillationView;
class QTabWidget;
class QWidget;
class QuantizerFitView;
class RunSetupPanel;
class RunsView;
class SensitivityView;
class SweepView;

struct StudioViews {
  QWidget* window = nullptr;  // the parent of dialogs
  QTabWidget* tabs = nullptr;
  RunSetupPanel* setup = nullptr;
  ModelStructureView* structure = nullptr;
  RunsView* runs = nullptr;
  HistogramsView* histograms = nullptr;
  SensitivityView* sensitivity = nullptr;
  InferenceView* inference = nullptr;
  QuantizerFitView* fit = nullptr;
  LandscapeView* landscape = nullptr;
  OscillationView* oscillation = nullptr;
  EntropyView* entropy = nullptr;
  SweepView* sweep = nullptr;
};
