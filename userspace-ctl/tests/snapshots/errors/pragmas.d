#!/usr/sbin/dtrace -qs
#pragma D option quiet
#pragma D option quite
#pragma D option bufsize=12q
#pragma D option switchrate=10parsecs
#pragma D option strsize
#pragma D option aggpercpu
#pragma D option quiet flowindent
#pragma D options quiet
#pragma D depends_on library foo.d
#pragma D depends_on planet mars
#pragma D attributes Evolving
#pragma once
#pragma ident "ignored"
#define N 1
#error stop "here"
BEGIN { trace(pdi); }
