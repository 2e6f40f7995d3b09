#include "widgets/MethodOptionsPanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>

#include <limits>

namespace {

using Type = vq::OptionSpec::Type;

QString q(const std::string& s) { return QString::fromStdString(s); }

// Double options span decades (learning rates); a spin box with enough decimals shows them as typed.
constexpr int kDoubleDecimals = 8;

}  // namespace

MethodOptionsPanel::MethodOptionsPanel(QWidget* parent) : QWidget(parent) {
  form_ = new QFormLayout(this);
  form_->setContentsMargins(0, 0, 0, 0);
  form_->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
}

QWidget* MethodOptionsPanel::makeEditor(const vq::OptionSpec& spec) {
  const QString tip = q(spec.help) + "\n" + tr("default: %1").arg(q(spec.defaultValue).isEmpty() ? tr("(empty)") : q(spec.defaultValue));
  QWidget* editor = nullptr;
  switch (spec.type) {
    case Type::Int: {
      auto* box = new QSpinBox(this);
      const double lo = std::max(spec.min, double(std::numeric_limits<int>::min()));
      const double hi = std::min(spec.max, double(std::numeric_limits<int>::max()));
      box->setRange(static_cast<int>(lo), static_cast<int>(hi));
      box->setValue(q(spec.defaultValue).toInt());
      connect(box, &QSpinBox::valueChanged, this, &MethodOptionsPanel::changed);
      editor = box;
      break;
    }
    case Type::Double: {
      auto* box = new QDoubleSpinBox(this);
      box->setDecimals(kDoubleDecimals);
      box->setRange(spec.min, spec.max);
      box->setSingleStep(spec.max > 1 ? 0.1 : 1e-5);
      box->setValue(q(spec.defaultValue).toDouble());
      connect(box, &QDoubleSpinBox::valueChanged, this, &MethodOptionsPanel::changed);
      editor = box;
      break;
    }
    case Type::Bool: {
      auto* box = new QCheckBox(this);
      box->setChecked(spec.defaultValue == "true");
      connect(box, &QCheckBox::toggled, this, &MethodOptionsPanel::changed);
      editor = box;
      break;
    }
    case Type::Choice: {
      auto* box = new QComboBox(this);
      for (const auto& c : spec.choices) box->addItem(q(c));
      box->setCurrentText(q(spec.defaultValue));
      connect(box, &QComboBox::currentTextChanged, this, &MethodOptionsPanel::changed);
      editor = box;
      break;
    }
    case Type::Text: {
      auto* edit = new QLineEdit(q(spec.defaultValue), this);
      edit->setPlaceholderText(tr("(none)"));
      connect(edit, &QLineEdit::textChanged, this, &MethodOptionsPanel::changed);
      editor = edit;
      break;
    }
  }
  editor->setToolTip(tip);
  editor->setObjectName(q(spec.key));
  return editor;
}

void MethodOptionsPanel::setSpecs(const std::vector<vq::OptionSpec>& specs) {
  const auto kept = changedValues();
  while (form_->rowCount() > 0) form_->removeRow(0);
  editors_.clear();
  specs_ = specs;
  for (const auto& spec : specs_) {
    auto* label = new QLabel(q(spec.key), this);
    label->setToolTip(q(spec.help));
    editors_.push_back(makeEditor(spec));
    form_->addRow(label, editors_.back());
  }
  for (const auto& [key, value] : kept) setValue(q(key), q(value));
}

QString MethodOptionsPanel::editorText(size_t i) const {
  QWidget* e = editors_[i];
  switch (specs_[i].type) {
    case Type::Int: return QString::number(static_cast<QSpinBox*>(e)->value());
    case Type::Double: return QString::number(static_cast<QDoubleSpinBox*>(e)->value(), 'g', 10);
    case Type::Bool: return static_cast<QCheckBox*>(e)->isChecked() ? "true" : "false";
    case Type::Choice: return static_cast<QComboBox*>(e)->currentText();
    case Type::Text: return static_cast<QLineEdit*>(e)->text();
  }
  return {};
}

std::map<std::string, std::string> MethodOptionsPanel::changedValues() const {
  std::map<std::string, std::string> out;
  for (size_t i = 0; i < specs_.size(); ++i) {
    const auto& spec = specs_[i];
    const QString text = editorText(i);
    // Doubles compare as numbers: the editor rounds to its decimals, "4e-05" and "0.00004" are one value.
    const bool same = spec.type == Type::Double ? qFuzzyCompare(text.toDouble(), q(spec.defaultValue).toDouble())
                                                : text == q(spec.defaultValue);
    if (!same) out[spec.key] = text.toStdString();
  }
  return out;
}

bool MethodOptionsPanel::setValue(const QString& key, const QString& value) {
  for (size_t i = 0; i < specs_.size(); ++i) {
    if (q(specs_[i].key) != key) continue;
    QWidget* e = editors_[i];
    bool ok = true;
    switch (specs_[i].type) {
      case Type::Int: {
        const int v = value.toInt(&ok);
        auto* box = static_cast<QSpinBox*>(e);
        ok = ok && v >= box->minimum() && v <= box->maximum();
        if (ok) box->setValue(v);
        break;
      }
      case Type::Double: {
        const double v = value.toDouble(&ok);
        auto* box = static_cast<QDoubleSpinBox*>(e);
        ok = ok && v >= box->minimum() && v <= box->maximum();
        if (ok) box->setValue(v);
        break;
      }
      case Type::Bool:
        ok = value == "true" || value == "false";
        if (ok) static_cast<QCheckBox*>(e)->setChecked(value == "true");
        break;
      case Type::Choice: {
        auto* box = static_cast<QComboBox*>(e);
        ok = box->findText(value) >= 0;
        if (ok) box->setCurrentText(value);
        break;
      }
      case Type::Text: static_cast<QLineEdit*>(e)->setText(value); break;
    }
    return ok;
  }
  return false;
}

void MethodOptionsPanel::resetToDefaults() {
  for (size_t i = 0; i < specs_.size(); ++i) setValue(q(specs_[i].key), q(specs_[i].defaultValue));
}
