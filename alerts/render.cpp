#include "alerts/render.h"
