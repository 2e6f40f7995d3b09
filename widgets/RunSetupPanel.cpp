#include "widgets/RunSetupPanel.h"

#include "widgets/MethodOptionsPanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QVBoxLayout>

namespace {

QSpinBox* spin(QWidget* parent, int lo, int hi, int value, const QString& tip) {
  auto* box = new QSpinBox(parent);
  box->setRange(lo, hi);
  box->setValue(value);
  box->setToolTip(tip);
  return box;
}

}  // namespace

RunSetupPanel::RunSetupPanel(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);

  auto* modelBox = new QGroupBox(tr("Model"), this);
  auto* modelForm = new QVBoxLayout(modelBox);
  model_ = new QComboBox(modelBox);
  model_->setEditable(true);
  model_->setMinimumContentsLength(24);
  model_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  model_->setToolTip(tr("builtin:<name>, arch:<timm name>, or a timm model folder (config.json + model.safetensors)"));
  auto* modelButtons = new QHBoxLayout;
  auto* load = new QPushButton(tr("Load"), modelBox);
  auto* open = new QPushButton(tr("Open folder…"), modelBox);
  modelButtons->addWidget(load);
  modelButtons->addWidget(open);
  modelForm->addWidget(model_);
  modelForm->addLayout(modelButtons);
  layout->addWidget(modelBox);

  auto* runBox = new QGroupBox(tr("Quantization"), this);
  auto* form = new QFormLayout(runBox);
  data_ = new QComboBox(runBox);
  data_->setEditable(true);
  data_->addItems({"fashion-mnist", "fashion-mnist:test"});
  data_->setToolTip(tr("Evaluation data: fashion-mnist, idx:<dir> or folder:<dir> (one sub-folder per class). "
                       "Calibration draws from its train split when it has one."));
  auto* dataOpen = new QPushButton(tr("Data folder…"), runBox);
  method_ = new QComboBox(runBox);
  wbits_ = spin(runBox, 2, 8, 4, tr("Weight bits"));
  abits_ = spin(runBox, 2, 8, 4, tr("Activation bits"));
  auto* bits = new QHBoxLayout;
  bits->addWidget(wbits_);
  bits->addWidget(abits_);
  calib_ = spin(runBox, 1, 60000, 256, tr("Calibration images"));
  evalLimit_ = spin(runBox, 0, 100000, 1000, tr("Evaluation images (0: the whole set)"));
  seed_ = spin(runBox, 0, 1 << 30, 0, tr("Seed: the same seed gives the same run"));
  sensitivity_ = new QCheckBox(tr("Then analyse sensitivity"), runBox);
  sensitivity_->setChecked(true);
  sensitivity_->setToolTip(tr("After the run, quantize each site alone on 200 evaluation images"));
  form->addRow(tr("Data"), data_);
  form->addRow(QString(), dataOpen);
  form->addRow(tr("Method"), method_);
  form->addRow(tr("W / A bits"), bits);
  form->addRow(tr("Calibration"), calib_);
  form->addRow(tr("Evaluation"), evalLimit_);
  form->addRow(tr("Seed"), seed_);
  form->addRow(sensitivity_);
  layout->addWidget(runBox);

  auto* optionBox = new QGroupBox(tr("Method options"), this);
  auto* optionLayout = new QVBoxLayout(optionBox);
  auto* scroll = new QScrollArea(optionBox);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  options_ = new MethodOptionsPanel(scroll);
  scroll->setWidget(options_);
  auto* reset = new QPushButton(tr("Defaults"), optionBox);
  reset->setToolTip(tr("Every option back to the method's default"));
  optionLayout->addWidget(scroll);
  optionLayout->addWidget(reset, 0, Qt::AlignRight);
  layout->addWidget(optionBox, 1);

  run_ = new QPushButton(tr("Run"), this);
  run_->setDefault(true);
  run_->setToolTip(tr("Quantize, evaluate float and quantized on the same images (Ctrl+R)"));
  layout->addWidget(run_);

  connect(load, &QPushButton::clicked, this, [this] { Q_EMIT loadRequested(modelText()); });
  connect(model_, &QComboBox::activated, this, [this] { Q_EMIT loadRequested(modelText()); });
  connect(open, &QPushButton::clicked, this, &RunSetupPanel::openFolderRequested);
  connect(dataOpen, &QPushButton::clicked, this, [this] {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("A data folder (one sub-folder per class, or IDX files)"));
    if (dir.isEmpty()) return;
    const bool idx = !QDir(dir).entryList({"*-idx?-ubyte*"}, QDir::Files).isEmpty();
    data_->setCurrentText((idx ? "idx:" : "folder:") + dir);
  });
  connect(method_, &QComboBox::currentIndexChanged, this, &RunSetupPanel::methodOrBitsChanged);
  connect(wbits_, &QSpinBox::valueChanged, this, &RunSetupPanel::methodOrBitsChanged);
  connect(abits_, &QSpinBox::valueChanged, this, &RunSetupPanel::methodOrBitsChanged);
  connect(reset, &QPushButton::clicked, options_, &MethodOptionsPanel::resetToDefaults);
  connect(run_, &QPushButton::clicked, this, &RunSetupPanel::runRequested);
}

void RunSetupPanel::setModels(const QStringList& builtins, const QStringList& recent) {
  const QString current = model_->currentText();
  model_->clear();
  model_->addItems(builtins);
  for (const auto& r : recent)
    if (model_->findText(r) < 0) model_->addItem(r);
  model_->setCurrentText(current);
}

void RunSetupPanel::setCurrentModel(const QString& spec) {
  if (model_->findText(spec) < 0) model_->addItem(spec);
  model_->setCurrentText(spec);
}

QString RunSetupPanel::modelText() const { return model_->currentText().trimmed(); }

void RunSetupPanel::setMethods(const QStringList& names, const QStringList& summaries) {
  const QSignalBlocker quiet(method_);
  method_->clear();
  for (int i = 0; i < names.size(); ++i) {
    method_->addItem(names[i]);
    method_->setItemData(i, summaries.value(i), Qt::ToolTipRole);
  }
}

void RunSetupPanel::setOptionSpecs(const std::vector<vq::OptionSpec>& specs) { options_->setSpecs(specs); }

RunSettings RunSetupPanel::settings() const {
  RunSettings s;
  s.model = modelText();
  s.data = data_->currentText().trimmed();
  s.method = method_->currentText();
  s.wbits = wbits_->value();
  s.abits = abits_->value();
  s.calib = calib_->value();
  s.evalLimit = evalLimit_->value();
  s.seed = seed_->value();
  s.analyseSensitivity = sensitivity_->isChecked();
  s.options = options_->changedValues();
  return s;
}

void RunSetupPanel::applySettings(const RunSettings& s) {
  if (!s.data.isEmpty()) data_->setCurrentText(s.data);
  if (method_->findText(s.method) >= 0) method_->setCurrentText(s.method);
  wbits_->setValue(s.wbits);
  abits_->setValue(s.abits);
  calib_->setValue(s.calib);
  evalLimit_->setValue(s.evalLimit);
  seed_->setValue(s.seed);
  sensitivity_->setChecked(s.analyseSensitivity);
  for (const auto& [key, value] : s.options) options_->setValue(QString::fromStdString(key), QString::fromStdString(value));
}

void RunSetupPanel::setRunEnabled(bool enabled) { run_->setEnabled(enabled); }
