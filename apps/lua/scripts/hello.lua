-- make run: runs this file from a 9p share of apps/lua/scripts
print(("Hello from %s on Unikit!"):format(_VERSION))
for i, a in ipairs(arg) do
  print(i, a)
end
