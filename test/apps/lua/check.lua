-- Lua on Unikit: the same script, the same output as the host's Lua built
-- from the same source (test/boot/test_lua.py compares them line by line).
-- Nothing here may depend on the machine: no addresses, times of day or
-- memory counts are printed.

local function section(name) print("== " .. name) end

section("arguments and environment")
print(#arg, arg[0], arg[1], arg[2], select("#", ...))
print(os.getenv("LUA_CHECK"), os.getenv("LUA_CHECK_UNSET"))

section("numbers")
print(1, 1.0, -0.0, 2^53, 2^63, math.maxinteger, math.mininteger)
print(7 // 2, -7 // 2, 7 % -3, -7 % 3, 7.5 // 2, 7 / 2, 3 % math.huge)
print(math.maxinteger + 1 == math.mininteger, 1e308 * 10, -1e308 * 10)
print(tonumber("0x10"), tonumber("0x1p4"), tonumber("  1e5  "),
      tonumber("10", 36), tonumber("z", 36), tonumber("1e"), tonumber(""))
print(math.tointeger(3.0), math.tointeger(3.5), math.type(1), math.type(1.0))
print("10" + 1, "3" * "4", 10 .. 20, 2^-1074, 0.1 + 0.2)
print(string.format("%.14g %.17g %g %g %g", math.pi, 0.1, 1e20, 1e-5, 123456789))
print(string.format("%5.2f|%-8d|%+d|%x|%X|%o|%e|%10.3s|%c%c",
      math.pi, 42, 7, 255, 255, 8, 12345.678, "abcdef", 72, 105))
print(string.format("%q", 1 / 3), string.format("%q", "a\0b\n\"c\""))
print(string.format("%i %5.1f %.0f %.0f", -12, 2.25, 0.5, 1.5))
print(math.floor(-3.5), math.ceil(-3.5), math.fmod(7, -3), math.fmod(-7, 3),
      math.modf(-3.7))
print(string.format("%.12f %.12f %.12f %.12f", math.sqrt(2), math.sin(1),
      math.exp(1), math.log(10)))
print(string.format("%.12f %.12f %.12f", math.log(8, 2), math.atan(1, 2),
      math.cos(0.5)))
print(math.abs(math.mininteger), math.ult(1, -1), 5 // 0.0, -5 // 0.0)
print(pcall(function() return 1 // 0 end))
print(8 | 1, 7 & 2, 5 ~ 3, ~0, 1 << 62, 1 << 64, -1 >> 1)

section("strings")
local s = "The quick brown fox jumps over the lazy dog"
print(#s, s:upper(), s:sub(5, 9), s:sub(-3), s:byte(1, 3))
print(s:find("o"), s:find("o", 20), s:find("(%a+) (%a+)$"))
print(s:gsub("%w+", function(w) return w:sub(1, 1):upper() .. w:sub(2) end))
print(("hello world"):gsub("o", {o = "0"}), ("abc"):rep(3, "-"))
local words = {}
for w in s:gmatch("%a+") do words[#words + 1] = w end
print(#words, table.concat(words, ","))
print(("key = value"):match("^(%w+)%s*=%s*(%w+)$"))
print(("  trim me  "):match("^%s*(.-)%s*$") .. "|", ("%d"):format(3))
print(string.char(72, 101, 108, 108, 111), ("x"):rep(0), ("ab"):reverse())
print(("f(a(b)c)d"):match("%b()"), ("THE (quick) fox"):find("%f[%a]%a+%f[%A]"))
print(#string.rep("0123456789", 1000000))

section("pack and utf8")
local packed = string.pack("<i4 >i8 z s1 d", -2, 1 << 40, "zero", "len", 1.5)
print(#packed, string.unpack("<i4 >i8 z s1 d", packed))
print(string.packsize("i4 i8 d"), string.pack(">I2", 258):byte(1, -1))
print(utf8.char(72, 228, 8364, 128512), utf8.len("häll€"), utf8.codepoint("€"))
for p, c in utf8.codes("aé€") do io.write(p, ":", c, " ") end
print(utf8.offset("aé€x", 3), utf8.len("\xff"))

section("tables")
local seed = 12345
local function rnd()
	seed = (seed * 1103515245 + 12345) % 2147483648
	return seed
end
local t = {}
for i = 1, 2000 do t[i] = rnd() % 100000 end
table.sort(t)
local sorted = true
for i = 2, #t do sorted = sorted and t[i - 1] <= t[i] end
print(sorted, t[1], t[1000], t[2000])
table.sort(t, function(a, b) return a > b end)
print(t[1], t[2000], #t)
local m = table.move({1, 2, 3, 4, 5}, 2, 4, 1)
print(table.concat(m, " "), table.unpack({1, 2, 3}, 2))
table.insert(m, 1, "first"); table.remove(m)
print(table.concat(m, " "), select("#", table.unpack({}, 1, 3)))
local big = {}
for i = 1, 1000000 do big[i] = i end
local sum = 0
for _, v in ipairs(big) do sum = sum + v end
print(#big, sum)
big = nil
collectgarbage()
local keys = {}
for k in pairs({alpha = 1, beta = 2, gamma = 3}) do keys[#keys + 1] = k end
table.sort(keys)
print(table.concat(keys, ","), next({}), rawlen({1, 2}), rawequal(t, t))

section("functions, closures and coroutines")
local function counter()
	local n = 0
	return function() n = n + 1; return n end
end
local c1, c2 = counter(), counter()
print(c1(), c1(), c2(), c1())
local function va(...) return select("#", ...), ... end
print(va(nil, nil), va())
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
print(fib(25))
local gen = coroutine.wrap(function(a)
	for i = 1, 3 do a = coroutine.yield(a + i) end
	return "done"
end)
print(gen(10), gen(20), gen(30), gen(40))
local co = coroutine.create(function() error("inside") end)
print(coroutine.resume(co))
print(coroutine.status(co), coroutine.isyieldable(), type(coroutine.running()), select(2, coroutine.running()))
local co2 = coroutine.create(function()
	local ok, v = pcall(coroutine.yield, "yielded across pcall")
	return ok, v
end)
print(coroutine.resume(co2))
print(coroutine.resume(co2, "resumed"))
do
	local i = 1
	::top::
	if i <= 3 then io.write("goto ", i, " "); i = i + 1; goto top end
	print()
end

section("errors")
local eok, eobj = pcall(error, {code = 42})
print(eok, type(eobj), eobj.code)
print(select(2, pcall(error, "msg", 0)), select(2, pcall(error, "msg")))
print(pcall(function() local x = nil; return x.field end))
print(pcall(function() return 1 + {} end))
print(pcall(function() return #5 end))
print(select(2, xpcall(function() error("deep") end,
	function(e) return "handled: " .. e end)))
print(pcall(string.rep))
print(pcall(setmetatable, 1, {}))
local function recurse(n) return recurse(n + 1) + 1 end
local ok, err = pcall(recurse, 1)
print(ok, err)
local depth = 0
local function cnest()
	depth = depth + 1
	return pcall(cnest)
end
cnest()
print("C levels before the limit:", depth > 150, depth < 250)
print(pcall(string.format, "%d", 1.5))

section("metatables")
local V = {}
V.__index = V
V.__add = function(a, b) return setmetatable({x = a.x + b.x}, V) end
V.__eq = function(a, b) return a.x == b.x end
V.__lt = function(a, b) return a.x < b.x end
V.__le = function(a, b) return a.x <= b.x end
V.__tostring = function(a) return "V(" .. a.x .. ")" end
V.__len = function(a) return a.x end
V.__call = function(a, y) return a.x * y end
V.__concat = function(a, b) return tostring(a) .. "&" .. tostring(b) end
function V.new(x) return setmetatable({x = x}, V) end
local a, b = V.new(1), V.new(2)
print(tostring(a + b), a == V.new(1), a < b, b <= a, #b, a(10), a .. b)
local log = {}
local proxy = setmetatable({}, {
	__index = function(_, k) return k .. "!" end,
	__newindex = function(_, k, v) log[#log + 1] = k .. "=" .. tostring(v) end,
})
proxy.one = 1; proxy.two = 2
print(proxy.anything, table.concat(log, " "), rawget(proxy, "one"))
do
	local order = {}
	do
		local x <close> = setmetatable({}, {__close = function() order[#order + 1] = "x" end})
		local y <close> = setmetatable({}, {__close = function() order[#order + 1] = "y" end})
	end
	print("closed:", table.concat(order, ","))
end
local finalized = {}
for i = 1, 3 do
	setmetatable({}, {__gc = function() finalized[#finalized + 1] = i end})
end
collectgarbage()
collectgarbage()
table.sort(finalized)
print("finalized:", table.concat(finalized, ","))
local weak = setmetatable({}, {__mode = "k"})
weak[{}] = 1
collectgarbage()
print("weak keys left:", next(weak))

section("load and dump")
local f = load("local a, b = ... return a * b")
print(f(6, 7), load("syntax error here"))
local env = {y = 5}
print(load("return y", "chunk", "t", env)())
local dumped = string.dump(function(n) return n * 2 + 1 end)
print(load(dumped, "bin", "b")(20), load(dumped, "bin", "t"))
print(pcall(load, function() return nil end) and "loaded empty chunk")

section("files")
local fh = assert(io.open("check.out", "w"))
print(io.type(fh), io.type(io.stdout), io.type(42))
fh:write("line one\n", 2, "\n", 3.5, "\n", "last line without newline")
fh:close()
print(io.type(fh), pcall(fh.write, fh, "x"))
for line in io.lines("check.out") do io.write("[", line, "]") end
print()
fh = assert(io.open("check.out", "r"))
print(fh:read("l"), fh:read("n"), fh:read("n"), fh:read("a"))
print(fh:seek("set", 5), fh:read(3), fh:seek("cur"), fh:seek("end"))
print(fh:read("a"), fh:read("l"), fh:read(0))
fh:close()
fh = assert(io.open("check.out", "a+"))
fh:write("\nappended")
fh:seek("set")
print(select(2, fh:read("a"):gsub("\n", "")))
fh:close()
fh = assert(io.open("check.out", "rb"))
fh:setvbuf("full", 1024)
local data = fh:read(4096)
print(#data, fh:read(1))
fh:close()
print(os.rename("check.out", "check2.out"), io.open("check.out"))
print(os.remove("check2.out"), os.remove("check2.out"))
print(io.open("no/such/dir/file", "w"))
print(pcall(io.lines, "missing.txt"))
local big_out = assert(io.open("big.bin", "wb"))
local chunk = string.rep("0123456789abcdef", 4096)
for _ = 1, 64 do big_out:write(chunk) end
big_out:close()
local big_in = assert(io.open("big.bin", "rb"))
local total, chunks = 0, 0
while true do
	local d = big_in:read(65536)
	if not d then break end
	total = total + #d
	chunks = chunks + 1
end
big_in:close()
print("big file:", total, chunks, os.remove("big.bin"))
local tmp = os.tmpname()
print("tmpname:", type(tmp), os.remove(tmp))

section("modules")
package.path = "./?.lua;" .. package.path
local mod = require("checkmod")
print(mod.greet("module"), require("checkmod") == mod, package.loaded.checkmod == mod)
print(pcall(require, "no_such_module_anywhere") == false)
print(package.loadlib("libnothing.so", "f"))

section("time")
print(os.time({year = 2000, month = 1, day = 1, hour = 12}))
print(os.date("!%Y-%m-%d %H:%M:%S %A %B %j", 86400 * 365 * 30))
local tt = os.date("!*t", 1234567890)
print(tt.year, tt.month, tt.day, tt.hour, tt.min, tt.sec, tt.wday, tt.yday, tt.isdst)
print(os.difftime(10, 4), os.clock() >= 0, type(os.time()))
print(os.time({year = 2024, month = 2, day = 30, hour = 0}) ==
      os.time({year = 2024, month = 3, day = 1, hour = 0}))

section("end")
print(string.format("%s %d", "exit status", 0))
