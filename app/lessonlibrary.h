#pragma once

#include "core/script/ast.h"

#include <QList>
#include <QString>

#include <expected>

// Lessons as the GUI knows them: the built-in ones (embedded as Qt resources under
// ":/lessons/") and files the user opens. Parsing is the core's (core/script/parser.h);
// this only reads files and turns errors into messages a person can act on.
namespace lessonlibrary {

// A lesson ready to play: its text as written (the player shows it line by line) and
// the parsed program, whose statement locations refer to that text.
struct Lesson {
    QString title;  // the first comment line ("TCP server life cycle"), else the file name
    QString source; // where it came from: a path, or ":/lessons/<name>.sks"
    QString text;
    sks::script::Program program;
};

// A built-in lesson in the Lessons menu.
struct BuiltIn {
    QString title;
    QString resource; // ":/lessons/tcp-server-life-cycle.sks"
};

// Every embedded lesson: the tutorial order of resources/lessons/README.md first, then any
// other file alphabetically.
QList<BuiltIn> builtInLessons();

// Parses a lesson's bytes (UTF-8). The error reads
// "<source>:3:14: expected ',' or ')' after the address" (columns count characters).
std::expected<Lesson, QString> parse(const QByteArray& utf8, const QString& source);
// Reads and parses a file (or a ":/" resource). Errors say what could not be read and why.
std::expected<Lesson, QString> load(const QString& path);

// The title a lesson text gives itself: its first line when that is a comment.
QString titleOf(const QString& text, const QString& source);

} // namespace lessonlibrary
