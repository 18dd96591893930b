a:b:c:d:e { trace(1); }
fbt::[abc:entry { trace(2); }
