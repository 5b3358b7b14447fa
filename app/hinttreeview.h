#pragma once

#include <QTreeView>

// A flat list view (a tree without branches) that explains what will appear, and how to
// make it appear, while its model is empty. Rows are uniform, so 20,000 of them scroll
// without measuring each one.
class HintTreeView final : public QTreeView {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HintTreeView)

public:
    explicit HintTreeView(QString hint, QWidget* parent = nullptr);
    ~HintTreeView() override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QString m_hint;
};
