-- a module for check.lua's require()
local M = {}
function M.greet(who) return "hello, " .. who end
return M
