#pragma once
// Shared helpers for the tests. Header-only, small.
