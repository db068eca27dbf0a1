-- B5GEmu dissector for Wireshark and tshark 4.0 or newer (Lua 5.2 and later; no bit library used).
--
-- Decodes what Wireshark does not: the project's own units (the 28-byte common header and the
-- bodies of NG-C, F1-C, FH-M, AIR, SYNC, REPORT and E2), air frames (on AIR and inside the IQ
-- field of fronthaul U-plane frames), and the application header of the user packets inside
-- GTP-U. GTP-U (UDP 2152) and eCPRI/O-RAN (ethertype 0xAEFE) stay with Wireshark's own
-- dissectors. Byte layouts: docs/interfaces.md; the Swift reference is Sources/Interfaces.
--
-- Node names come from the node table the launcher writes as the first frame of capture.pcap
-- (REPORT type 6). Every frame whose MAC addresses follow the capture's scheme
-- (02:00 + node index + 1) shows b5g_node.src / b5g_node.dst and their roles ("node N" for an
-- index the table does not name, or when the capture has no table).
--
-- Use, with the O-RAN preferences of the profile next to this file (docs/interfaces.md, Captures):
--   WIRESHARK_CONFIG_DIR=tools/wireshark/profile tshark -X lua_script:tools/wireshark/b5g.lua -r capture.pcap

local VERSION = 1
local MAGIC = 0x4235
local UNIT_HEADER_BYTES = 28
-- The capture framing cuts a unit to fit one UDP datagram in an IPv4 packet.
local CAPTURE_UNIT_MAX_BYTES = 65535 - 28

---------------------------------------------------------------------------------------------
-- Names of interfaces, message types and records (docs/interfaces.md)
---------------------------------------------------------------------------------------------

local INTERFACES = {
    [1] = "NG-C", [2] = "NG-U", [3] = "F1-C", [4] = "F1-U", [5] = "FH-M", [6] = "FH-C",
    [7] = "FH-U", [8] = "AIR", [9] = "SYNC", [10] = "REPORT", [11] = "E2",
}

local SETUP = { [1] = "SetupRequest", [2] = "SetupResponse", [3] = "SetupFailure" }

local MESSAGE_TYPES = {
    [1] = { [1] = "NGSetupRequest", [2] = "NGSetupResponse", [3] = "NGSetupFailure", [4] = "InitialUEMessage",
            [5] = "PDUSessionResourceSetupRequest", [6] = "PDUSessionResourceSetupResponse" },
    [2] = { [0xFF] = "G-PDU" },
    [3] = { [1] = "F1SetupRequest", [2] = "F1SetupResponse", [3] = "F1SetupFailure",
            [4] = "InitialULRRCMessageTransfer", [5] = "UEContextSetupRequest", [6] = "UEContextSetupResponse",
            [7] = "UEContextModificationRequest", [8] = "UEContextModificationRequired" },
    [4] = { [0xFF] = "G-PDU" },
    [5] = { [1] = "FronthaulSetupRequest", [2] = "FronthaulSetupResponse", [3] = "FronthaulSetupFailure" },
    [6] = { [1] = "C-plane downlink", [2] = "C-plane uplink" },
    [7] = { [1] = "U-plane downlink", [2] = "U-plane uplink" },
    [8] = { [1] = "AirSetupRequest", [2] = "AirSetupResponse", [16] = "downlink frame", [17] = "uplink frame" },
    [9] = { [1] = "end of window", [2] = "restarted" },
    [10] = { [1] = "ready", [2] = "progress", [3] = "final", [4] = "capture", [5] = "setupFailed", [6] = "node table",
             [7] = "restarting" },
    [11] = { [1] = "E2SetupRequest", [2] = "E2SetupResponse", [3] = "E2SetupFailure", [4] = "KPMIndication",
             [5] = "RCControlRequest", [6] = "RCControlAck" },
}

-- Bodies that are one JSON object, by interface and message type (nil: every type).
local JSON_BODIES = {
    [1] = true, [3] = true, [5] = true, [11] = true,
    [8] = { [1] = true, [2] = true },
    [10] = { [1] = true, [2] = true, [3] = true, [5] = true, [6] = true },
}

local RECORD_KINDS = {
    [1] = "transport block", [2] = "uplink grant", [3] = "uplink control", [4] = "measurement", [5] = "RRC container",
}

---------------------------------------------------------------------------------------------
-- Protocols and fields
---------------------------------------------------------------------------------------------

local b5g = Proto("b5g", "B5GEmu interface unit")
local b5g_air = Proto("b5g_air", "B5GEmu air frame")
local b5g_node = Proto("b5g_node", "B5GEmu nodes")
local b5g_user = Proto("b5g_user", "B5GEmu user packet")

local F = {
    magic = ProtoField.uint16("b5g.magic", "Magic", base.HEX),
    version = ProtoField.uint8("b5g.version", "Version", base.DEC),
    interface = ProtoField.uint8("b5g.interface", "Interface", base.DEC, INTERFACES),
    type = ProtoField.uint8("b5g.type", "Message type", base.DEC),
    msg = ProtoField.string("b5g.msg", "Message"),
    flags = ProtoField.uint8("b5g.flags", "Flags", base.HEX),
    synthetic = ProtoField.bool("b5g.flags.synthetic", "Synthetic payload", 8, nil, 0x01),
    in_run_setup = ProtoField.bool("b5g.flags.in_run_setup", "Setup during the run (handled in its slot)", 8, nil, 0x02),
    src = ProtoField.uint16("b5g.src", "Source node", base.DEC),
    dst = ProtoField.uint16("b5g.dst", "Destination node", base.DEC),
    reserved = ProtoField.uint16("b5g.reserved", "Reserved", base.HEX),
    slot = ProtoField.uint64("b5g.slot", "Slot", base.DEC),
    seq = ProtoField.uint32("b5g.seq", "Sequence", base.DEC),
    length = ProtoField.uint32("b5g.length", "Payload length", base.DEC),
    body = ProtoField.bytes("b5g.body", "Body"),
    -- FH-U sent as a unit: eCPRI + O-RAN U-plane header (the capture frames it on ethertype 0xAEFE).
    uplane_header = ProtoField.bytes("b5g.uplane_header", "eCPRI and O-RAN U-plane header"),
    -- REPORT type 4: capture records.
    cap_ts = ProtoField.uint64("b5g.capture.ts", "Timestamp (ns)", base.DEC),
    cap_orig = ProtoField.uint32("b5g.capture.orig_len", "Original length", base.DEC),
    cap_len = ProtoField.uint32("b5g.capture.len", "Captured length", base.DEC),
    cap_frame = ProtoField.bytes("b5g.capture.frame", "Frame"),
}
b5g.fields = F

local A = {
    records = ProtoField.uint32("b5g_air.records", "Records", base.DEC),
    kind = ProtoField.uint8("b5g_air.kind", "Kind", base.DEC, RECORD_KINDS),
    reserved = ProtoField.uint8("b5g_air.reserved", "Reserved", base.HEX),
    length = ProtoField.uint32("b5g_air.length", "Length", base.DEC),
    ue = ProtoField.uint32("b5g_air.ue", "UE id", base.DEC),
    cell = ProtoField.uint16("b5g_air.cell", "Cell index", base.DEC),
    harq = ProtoField.uint8("b5g_air.harq", "HARQ process", base.DEC),
    tb_flags = ProtoField.uint8("b5g_air.tb_flags", "Flags", base.HEX),
    tb_uplink = ProtoField.bool("b5g_air.tb_flags.uplink", "Uplink", 8, nil, 0x01),
    tb_retx = ProtoField.bool("b5g_air.tb_flags.retransmission", "Retransmission", 8, nil, 0x02),
    tb_decoded = ProtoField.bool("b5g_air.tb_flags.decoded", "Decoded", 8, nil, 0x04),
    mcs = ProtoField.uint8("b5g_air.mcs", "MCS", base.DEC),
    layers = ProtoField.uint8("b5g_air.layers", "Layers", base.DEC),
    start_prb = ProtoField.uint16("b5g_air.start_prb", "Start PRB", base.DEC),
    prbs = ProtoField.uint16("b5g_air.prbs", "PRBs", base.DEC),
    tbs = ProtoField.uint32("b5g_air.tbs", "TBS (bytes)", base.DEC),
    sinr = ProtoField.int16("b5g_air.sinr", "SINR (0.01 dB)", base.DEC),
    transmission = ProtoField.uint8("b5g_air.transmission", "Transmission", base.DEC),
    tb_k1 = ProtoField.uint8("b5g_air.k1", "K1 (slots to HARQ-ACK)", base.DEC),
    segments = ProtoField.uint32("b5g_air.segments", "RLC segments", base.DEC),
    seg_seq = ProtoField.uint32("b5g_air.segment.seq", "Packet sequence", base.DEC),
    seg_sdu = ProtoField.uint32("b5g_air.segment.sdu_bytes", "SDU bytes", base.DEC),
    seg_offset = ProtoField.uint32("b5g_air.segment.offset", "Offset", base.DEC),
    seg_length = ProtoField.uint32("b5g_air.segment.length", "Length", base.DEC),
    seg_created = ProtoField.uint64("b5g_air.segment.created_ns", "Created (emulated ns)", base.DEC),
    seg_wall = ProtoField.uint64("b5g_air.segment.wall_created_ns", "Created (wall clock, Unix ns)", base.DEC),
    grant_retx = ProtoField.bool("b5g_air.grant_retransmission", "Retransmission", 8, nil, 0x01),
    grant_layers = ProtoField.uint8("b5g_air.grant_layers", "Layers - 1", base.DEC, nil, 0x0E),
    grant_k2 = ProtoField.uint8("b5g_air.k2", "K2 (slots to PUSCH)", base.DEC),
    cqi = ProtoField.uint8("b5g_air.cqi", "CQI", base.DEC, nil, 0x0F),
    rank = ProtoField.uint8("b5g_air.rank", "Rank - 1", base.DEC, nil, 0x70),
    acks = ProtoField.uint8("b5g_air.harq_acks", "HARQ-ACKs", base.DEC),
    bsr = ProtoField.uint32("b5g_air.bsr", "Buffer status (bytes)", base.DEC),
    ack_harq = ProtoField.uint8("b5g_air.ack.harq", "HARQ process", base.DEC),
    ack = ProtoField.uint8("b5g_air.ack.value", "ACK", base.DEC, { [0] = "NACK", [1] = "ACK" }),
    rrc = ProtoField.bytes("b5g_air.rrc", "RRC message"),
    trailing = ProtoField.bytes("b5g_air.trailing", "Fields of a newer version"),
    unknown = ProtoField.bytes("b5g_air.unknown", "Record of an unknown kind"),
    padding = ProtoField.bytes("b5g_air.padding", "Padding to a whole PRB"),
}
b5g_air.fields = A

local N = {
    src = ProtoField.string("b5g_node.src", "Source node"),
    dst = ProtoField.string("b5g_node.dst", "Destination node"),
    src_role = ProtoField.string("b5g_node.src_role", "Source role"),
    dst_role = ProtoField.string("b5g_node.dst_role", "Destination role"),
    name = ProtoField.string("b5g_node.name", "Node"),
    src_index = ProtoField.uint32("b5g_node.src_index", "Source index", base.DEC),
    dst_index = ProtoField.uint32("b5g_node.dst_index", "Destination index", base.DEC),
    scenario = ProtoField.string("b5g_node.scenario", "Scenario"),
}
b5g_node.fields = N

local U = {
    ue = ProtoField.uint32("b5g_user.ue", "UE id", base.DEC),
    seq = ProtoField.uint32("b5g_user.seq", "Sequence", base.DEC),
    created = ProtoField.uint64("b5g_user.created_ns", "Created (emulated ns)", base.DEC),
    wall = ProtoField.uint64("b5g_user.wall_created_ns", "Created (wall clock, Unix ns)", base.DEC),
    synthetic = ProtoField.uint32("b5g_user.synthetic_bytes", "Synthetic bytes (not carried)", base.DEC),
}
b5g_user.fields = U

local E = {
    version = ProtoExpert.new("b5g.version.unsupported", "Unsupported version: a receiver drops the unit",
                              expert.group.PROTOCOL, expert.severity.ERROR),
    interface = ProtoExpert.new("b5g.interface.unknown", "Unknown interface id: a receiver rejects the unit",
                                expert.group.PROTOCOL, expert.severity.ERROR),
    type = ProtoExpert.new("b5g.type.unknown", "Message type not defined for this interface: a receiver counts and drops it",
                           expert.group.PROTOCOL, expert.severity.WARN),
    length = ProtoExpert.new("b5g.length.past_end", "Payload length larger than the bytes left",
                             expert.group.MALFORMED, expert.severity.ERROR),
    cut = ProtoExpert.new("b5g.length.cut", "Unit cut to fit one UDP datagram in the capture",
                          expert.group.SEQUENCE, expert.severity.WARN),
    trailing = ProtoExpert.new("b5g.trailing", "Bytes after the last unit that do not form a common header",
                               expert.group.MALFORMED, expert.severity.ERROR),
    sync = ProtoExpert.new("b5g.sync.payload", "SYNC units have an empty payload", expert.group.PROTOCOL, expert.severity.WARN),
    capture = ProtoExpert.new("b5g.capture.past_end", "Capture record longer than the bytes left",
                              expert.group.MALFORMED, expert.severity.ERROR),
    subdissector = ProtoExpert.new("b5g.body.malformed", "Body malformed for the dissector of its format",
                                   expert.group.MALFORMED, expert.severity.ERROR),
    uplane = ProtoExpert.new("b5g.uplane.short", "U-plane message shorter than its 16-byte header",
                             expert.group.MALFORMED, expert.severity.ERROR),
}
b5g.experts = E

local AE = {
    count = ProtoExpert.new("b5g_air.records.too_many", "Record count larger than the bytes can hold",
                            expert.group.MALFORMED, expert.severity.ERROR),
    past_end = ProtoExpert.new("b5g_air.length.past_end", "Record longer than the bytes left",
                               expert.group.MALFORMED, expert.severity.ERROR),
    short = ProtoExpert.new("b5g_air.short", "Record body shorter than its fields", expert.group.MALFORMED, expert.severity.ERROR),
    segments = ProtoExpert.new("b5g_air.segments.too_many", "Segment count larger than the body can hold",
                               expert.group.MALFORMED, expert.severity.ERROR),
    unknown = ProtoExpert.new("b5g_air.kind.unknown", "Unknown record kind, skipped by its length",
                              expert.group.UNDECODED, expert.severity.NOTE),
    cut = ProtoExpert.new("b5g_air.cut", "Air frame cut where the captured U-plane message ends (255 PRBs)",
                          expert.group.SEQUENCE, expert.severity.WARN),
}
b5g_air.experts = AE

-- Hands bytes to one of Wireshark's dissectors. Its exceptions (bad bytes) become an expert error
-- here instead of a Lua error.
local function call_dissector(name, tvb, pinfo, tree)
    local ok, err = pcall(function() Dissector.get(name):call(tvb, pinfo, tree) end)
    if not ok then tree:add_proto_expert_info(E.subdissector, string.format("%s: %s", name, tostring(err))) end
end

-- Decodes a JSON body with Wireshark's JSON dissector, keeping the columns as they were (it sets them).
local function call_json(tvb, pinfo, tree)
    local protocol, info = tostring(pinfo.cols.protocol), tostring(pinfo.cols.info)
    call_dissector("json", tvb, pinfo, tree)
    pinfo.cols.protocol:set(protocol)
    pinfo.cols.info:set(info)
end

---------------------------------------------------------------------------------------------
-- The node table (REPORT type 6, first frame of capture.pcap)
---------------------------------------------------------------------------------------------

-- index -> { name, role, vendor }; filled from the node table, emptied when a file is (re)read.
local nodes = {}
local scenario_name = nil

local function utf8_char(cp)
    if cp < 0x80 then return string.char(cp) end
    if cp < 0x800 then return string.char(0xC0 + math.floor(cp / 0x40), 0x80 + cp % 0x40) end
    return string.char(0xE0 + math.floor(cp / 0x1000), 0x80 + math.floor(cp / 0x40) % 0x40, 0x80 + cp % 0x40)
end

-- A small JSON reader (objects, arrays, strings, numbers, literals): enough for the node table.
-- Returns the value and the position after it, or nil on bad input.
local json_value
local ESCAPES = { ['"'] = '"', ['\\'] = '\\', ['/'] = '/', b = '\b', f = '\f', n = '\n', r = '\r', t = '\t' }

local function skip_space(s, i) return (s:find("[^ \t\r\n]", i)) or (#s + 1) end

local function json_string(s, i)
    local out, j = {}, i + 1
    while j <= #s do
        local c = s:sub(j, j)
        if c == '"' then return table.concat(out), j + 1 end
        if c == "\\" then
            local e = s:sub(j + 1, j + 1)
            if e == "u" then
                local cp = tonumber(s:sub(j + 2, j + 5), 16)
                if not cp then return nil end
                out[#out + 1] = utf8_char(cp); j = j + 6
            elseif ESCAPES[e] then
                out[#out + 1] = ESCAPES[e]; j = j + 2
            else
                return nil
            end
        else
            out[#out + 1] = c; j = j + 1
        end
    end
    return nil
end

json_value = function(s, i, depth)
    if depth > 16 then return nil end
    i = skip_space(s, i)
    local c = s:sub(i, i)
    if c == "{" then
        local obj = {}
        i = skip_space(s, i + 1)
        if s:sub(i, i) == "}" then return obj, i + 1 end
        while true do
            if s:sub(i, i) ~= '"' then return nil end
            local key; key, i = json_string(s, i)
            if not key then return nil end
            i = skip_space(s, i)
            if s:sub(i, i) ~= ":" then return nil end
            local v; v, i = json_value(s, i + 1, depth + 1)
            if i == nil then return nil end
            obj[key] = v
            i = skip_space(s, i)
            local sep = s:sub(i, i)
            if sep == "}" then return obj, i + 1 end
            if sep ~= "," then return nil end
            i = skip_space(s, i + 1)
        end
    elseif c == "[" then
        local arr = {}
        i = skip_space(s, i + 1)
        if s:sub(i, i) == "]" then return arr, i + 1 end
        while true do
            local v; v, i = json_value(s, i, depth + 1)
            if i == nil then return nil end
            arr[#arr + 1] = v
            i = skip_space(s, i)
            local sep = s:sub(i, i)
            if sep == "]" then return arr, i + 1 end
            if sep ~= "," then return nil end
            i = i + 1
        end
    elseif c == '"' then
        return json_string(s, i)
    else
        local literal = s:match("^[-+%w%.]+", i)
        if not literal then return nil end
        local v
        if literal == "true" then v = true elseif literal == "false" then v = false
        elseif literal == "null" then v = false else v = tonumber(literal) end
        if v == nil then return nil end
        return v, i + #literal
    end
end

local function load_node_table(text)
    local t = json_value(text, 1, 0)
    if type(t) ~= "table" or type(t.nodes) ~= "table" then return false end
    nodes = {}
    for _, n in ipairs(t.nodes) do
        if type(n) == "table" and type(n.index) == "number" and type(n.name) == "string" then
            nodes[n.index] = { name = n.name, role = type(n.role) == "string" and n.role or "",
                               vendor = type(n.vendor) == "string" and n.vendor or nil }
        end
    end
    scenario_name = type(t.scenario) == "string" and t.scenario or nil
    return true
end

local function node_label(index)
    if index == 0xFFFF then return "launcher" end
    local n = nodes[index]
    return n and n.name or ("node " .. index)
end

local function node_detail(index)
    if index == 0xFFFF then return " (launcher)" end
    local n = nodes[index]
    if not n then return "" end
    local vendor = n.vendor and (", vendor " .. n.vendor) or ""
    return " (" .. n.name .. ", " .. n.role .. vendor .. ")"
end

function b5g.init()
    nodes = {}
    scenario_name = nil
end

---------------------------------------------------------------------------------------------
-- Air frame (docs/interfaces.md, Air frame; Sources/Interfaces/AirFrame.swift)
---------------------------------------------------------------------------------------------

local function sinr_text(r)
    -- -32768: the serving cell is not heard at all (its DU is down).
    if r:int() == -32768 then return "SINR: cell not heard" end
    return string.format("SINR: %.2f dB", r:int() / 100)
end

-- Adds a record's fixed fields; returns false when the body is too short for them.
local function need(body, n, item)
    if body:len() < n then
        item:add_proto_expert_info(AE.short, string.format("Record body of %d bytes, at least %d needed", body:len(), n))
        return false
    end
    return true
end

local function transport_block(body, pinfo, t)
    if not need(body, 26, t) then return end
    t:add(A.ue, body(0, 4)); t:add(A.cell, body(4, 2)); t:add(A.harq, body(6, 1))
    local flags = t:add(A.tb_flags, body(7, 1))
    flags:add(A.tb_uplink, body(7, 1)); flags:add(A.tb_retx, body(7, 1)); flags:add(A.tb_decoded, body(7, 1))
    t:add(A.mcs, body(8, 1)); t:add(A.layers, body(9, 1)); t:add(A.start_prb, body(10, 2)); t:add(A.prbs, body(12, 2))
    t:add(A.tbs, body(14, 4)); t:add(A.sinr, body(18, 2), body(18, 2):int(), sinr_text(body(18, 2)))
    t:add(A.transmission, body(20, 1)); t:add(A.tb_k1, body(21, 1))
    local n = body(22, 4):uint()
    local count = t:add(A.segments, body(22, 4))
    local left = body:len() - 26
    if n > math.floor(left / 32) then
        count:add_proto_expert_info(AE.segments, string.format("%d segments in %d bytes", n, left))
        return
    end
    for k = 0, n - 1 do
        local o = 26 + 32 * k
        local s = t:add(b5g_air, body(o, 32), string.format("RLC segment: packet %d, bytes %d-%d of %d",
            body(o, 4):uint(), body(o + 8, 4):uint(), body(o + 8, 4):uint() + body(o + 12, 4):uint(), body(o + 4, 4):uint()))
        s:add(A.seg_seq, body(o, 4)); s:add(A.seg_sdu, body(o + 4, 4)); s:add(A.seg_offset, body(o + 8, 4))
        s:add(A.seg_length, body(o + 12, 4)); s:add(A.seg_created, body(o + 16, 8)); s:add(A.seg_wall, body(o + 24, 8))
    end
    local used = 26 + 32 * n
    if body:len() > used then t:add(A.trailing, body(used)) end
    local dir = body(7, 1):uint() % 2 == 1 and "UL" or "DL"   -- flag 0x01: uplink
    t:append_text(string.format(": UE %d, %s, MCS %d, PRBs %d+%d, %d bytes", body(0, 4):uint(), dir, body(8, 1):uint(),
        body(10, 2):uint(), body(12, 2):uint(), body(14, 4):uint()))
end

local function uplink_grant(body, pinfo, t)
    if not need(body, 18, t) then return end
    t:add(A.ue, body(0, 4)); t:add(A.cell, body(4, 2)); t:add(A.harq, body(6, 1)); t:add(A.grant_retx, body(7, 1)); t:add(A.grant_layers, body(7, 1))
    t:add(A.mcs, body(8, 1)); t:add(A.grant_k2, body(9, 1)); t:add(A.start_prb, body(10, 2)); t:add(A.prbs, body(12, 2))
    t:add(A.tbs, body(14, 4))
    if body:len() > 18 then t:add(A.trailing, body(18)) end
    t:append_text(string.format(": UE %d, MCS %d, PRBs %d+%d", body(0, 4):uint(), body(8, 1):uint(),
        body(10, 2):uint(), body(12, 2):uint()))
end

local function uplink_control(body, pinfo, t)
    if not need(body, 10, t) then return end
    t:add(A.ue, body(0, 4))
    if body(4, 1):uint() == 255 then
        t:add(A.cqi, body(4, 1)):append_text(" (no CSI)")
    else
        t:add(A.cqi, body(4, 1)); t:add(A.rank, body(4, 1))
    end
    t:add(A.acks, body(5, 1))
    local bsr = t:add(A.bsr, body(6, 4))
    if body(6, 4):uint() == 0xFFFFFFFF then bsr:append_text(" (none)") end
    local n = body(5, 1):uint()
    if not need(body, 10 + 2 * n, t) then return end
    for k = 0, n - 1 do
        local o = 10 + 2 * k
        local a = t:add(b5g_air, body(o, 2), string.format("HARQ process %d: %s", body(o, 1):uint(),
            body(o + 1, 1):uint() ~= 0 and "ACK" or "NACK"))
        a:add(A.ack_harq, body(o, 1)); a:add(A.ack, body(o + 1, 1))
    end
    if body:len() > 10 + 2 * n then t:add(A.trailing, body(10 + 2 * n)) end
    t:append_text(string.format(": UE %d, %d HARQ-ACKs", body(0, 4):uint(), n))
end

local function measurement(body, pinfo, t)
    if not need(body, 8, t) then return end
    t:add(A.ue, body(0, 4)); t:add(A.cell, body(4, 2)); t:add(A.sinr, body(6, 2), body(6, 2):int(), sinr_text(body(6, 2)))
    if body:len() > 8 then t:add(A.trailing, body(8)) end
    t:append_text(string.format(": UE %d, cell %d, %.2f dB", body(0, 4):uint(), body(4, 2):uint(), body(6, 2):int() / 100))
end

local function rrc_container(body, pinfo, t)
    if not need(body, 4, t) then return end
    t:add(A.ue, body(0, 4))
    t:append_text(string.format(": UE %d", body(0, 4):uint()))
    if body:len() > 4 then
        local r = t:add(A.rrc, body(4))
        call_json(body(4):tvb(), pinfo, r)
    end
end

local RECORDS = { [1] = transport_block, [2] = uplink_grant, [3] = uplink_control, [4] = measurement, [5] = rrc_container }

-- Decodes an air frame. `cut_ok`: the capture may have cut it (the U-plane IQ field), which is
-- not malformed. Returns a short summary for the Info column.
local function dissect_air_frame(tvb, pinfo, tree, label, cut_ok)
    local root = tree:add(b5g_air, tvb(), label)
    if tvb:len() < 4 then
        root:add_proto_expert_info(AE.short, "An air frame starts with a 4-byte record count")
        return "air frame too short"
    end
    local count = tvb(0, 4):uint()
    local count_item = root:add(A.records, tvb(0, 4))
    local left = tvb:len() - 4
    if count > math.floor(left / 6) and not cut_ok then
        count_item:add_proto_expert_info(AE.count, string.format("%d records in %d bytes", count, left))
        return "bad record count"
    end
    local tally = {}
    local o = 4
    for _ = 1, count do
        if tvb:len() - o < 6 then
            if cut_ok then root:add_proto_expert_info(AE.cut) else root:add_proto_expert_info(AE.past_end, "Record header past the end") end
            break
        end
        local kind = tvb(o, 1):uint()
        local length = tvb(o + 2, 4):uint()
        local avail = tvb:len() - o - 6
        local shown = math.min(length, avail)
        local t = root:add(b5g_air, tvb(o, 6 + shown), RECORD_KINDS[kind] and
            (RECORD_KINDS[kind]:sub(1, 1):upper() .. RECORD_KINDS[kind]:sub(2)) or ("Record of kind " .. kind))
        t:add(A.kind, tvb(o, 1)); t:add(A.reserved, tvb(o + 1, 1))
        local len_item = t:add(A.length, tvb(o + 2, 4))
        if length > avail then
            if cut_ok then t:add_proto_expert_info(AE.cut) else len_item:add_proto_expert_info(AE.past_end) end
            break
        end
        if length > 0 then
            local body = tvb(o + 6, length):tvb()
            local decode = RECORDS[kind]
            if decode then decode(body, pinfo, t) else
                t:add(A.unknown, body()); t:add_proto_expert_info(AE.unknown)
            end
        elseif RECORDS[kind] then
            t:add_proto_expert_info(AE.short, "Empty record body")
        end
        tally[kind] = (tally[kind] or 0) + 1
        o = o + 6 + length
    end
    if o < tvb:len() and cut_ok then root:add(A.padding, tvb(o)) end
    local parts = {}
    for kind = 1, 5 do
        if tally[kind] then parts[#parts + 1] = string.format("%d %s", tally[kind], ({ "TB", "grant", "UCI", "meas", "RRC" })[kind]) end
    end
    return #parts > 0 and table.concat(parts, ", ") or "empty"
end

---------------------------------------------------------------------------------------------
-- Units: common header and body
---------------------------------------------------------------------------------------------

local function is_json_body(interface, mtype)
    local j = JSON_BODIES[interface]
    return j == true or (type(j) == "table" and j[mtype] == true)
end

local function capture_batch(tvb, pinfo, tree)
    local o, k = 0, 0
    while o < tvb:len() do
        if tvb:len() - o < 16 then
            tree:add_proto_expert_info(E.capture, "Record header past the end")
            return
        end
        local cap = tvb(o + 12, 4):uint()
        local t = tree:add(b5g, tvb(o, math.min(16 + cap, tvb:len() - o)), string.format("Capture record %d", k))
        t:add(F.cap_ts, tvb(o, 8)); t:add(F.cap_orig, tvb(o + 8, 4)); local len_item = t:add(F.cap_len, tvb(o + 12, 4))
        if cap > tvb:len() - o - 16 then
            len_item:add_proto_expert_info(E.capture)
            return
        end
        if cap > 0 then t:add(F.cap_frame, tvb(o + 16, cap)) end
        o = o + 16 + cap; k = k + 1
    end
end

local function uplane_unit(tvb, pinfo, tree)
    if tvb:len() < 16 then
        tree:add_proto_expert_info(E.uplane)
        return ""
    end
    tree:add(F.uplane_header, tvb(0, 16))
    if tvb:len() == 16 then return "" end
    return dissect_air_frame(tvb(16):tvb(), pinfo, tree, "Air frame (IQ field)", false)
end

local function dissect_body(interface, mtype, body, pinfo, tree)
    if is_json_body(interface, mtype) then
        call_json(body, pinfo, tree)
        if interface == 10 and mtype == 6 then
            load_node_table(body():string())
            return scenario_name and ("scenario " .. scenario_name) or ""
        end
        return ""
    elseif interface == 8 and (mtype == 16 or mtype == 17) then
        return dissect_air_frame(body, pinfo, tree, "Air frame", false)
    elseif interface == 2 or interface == 4 then
        call_dissector("gtp", body, pinfo, tree)
    elseif interface == 6 then
        call_dissector("ecpri", body, pinfo, tree)
    elseif interface == 7 then
        return uplane_unit(body, pinfo, tree)
    elseif interface == 10 and mtype == 4 then
        capture_batch(body, pinfo, tree)
    else
        tree:add(F.body, body())
    end
    return ""
end

-- Dissects the unit at `offset`; returns its length and an Info summary, or nil when too few
-- bytes remain for a header.
local function dissect_unit(tvb, pinfo, tree, offset, datagram_at_cap)
    local left = tvb:len() - offset
    if left < UNIT_HEADER_BYTES then return nil end
    local interface = tvb(offset + 3, 1):uint()
    local mtype = tvb(offset + 4, 1):uint()
    local src = tvb(offset + 6, 2):uint()
    local dst = tvb(offset + 8, 2):uint()
    local declared = tvb(offset + 24, 4):uint()
    local available = left - UNIT_HEADER_BYTES
    local payload = math.min(declared, available)

    local iname = INTERFACES[interface] or ("interface " .. interface)
    local types = MESSAGE_TYPES[interface]
    local mname = types and types[mtype] or ("type " .. mtype)
    local t = tree:add(b5g, tvb(offset, UNIT_HEADER_BYTES + payload),
        string.format("B5GEmu %s %s, %s -> %s", iname, mname, node_label(src), node_label(dst)))

    local h = t:add(b5g, tvb(offset, UNIT_HEADER_BYTES), "Common header")
    h:add(F.magic, tvb(offset, 2))
    local version = h:add(F.version, tvb(offset + 2, 1))
    if tvb(offset + 2, 1):uint() ~= VERSION then version:add_proto_expert_info(E.version) end
    local iitem = h:add(F.interface, tvb(offset + 3, 1))
    if not INTERFACES[interface] then iitem:add_proto_expert_info(E.interface) end
    local titem = h:add(F.type, tvb(offset + 4, 1))
    titem:append_text(" (" .. mname .. ")")
    if INTERFACES[interface] and not (types and types[mtype]) then titem:add_proto_expert_info(E.type) end
    h:add(F.msg, tvb(offset + 3, 2), iname .. " " .. mname):set_generated()
    local flags = h:add(F.flags, tvb(offset + 5, 1))
    flags:add(F.synthetic, tvb(offset + 5, 1)); flags:add(F.in_run_setup, tvb(offset + 5, 1))
    h:add(F.src, tvb(offset + 6, 2)):append_text(node_detail(src))
    h:add(F.dst, tvb(offset + 8, 2)):append_text(node_detail(dst))
    h:add(F.reserved, tvb(offset + 10, 2))
    h:add(F.slot, tvb(offset + 12, 8))
    h:add(F.seq, tvb(offset + 20, 4))
    local litem = h:add(F.length, tvb(offset + 24, 4))
    if declared > available then
        if datagram_at_cap then litem:add_proto_expert_info(E.cut) else litem:add_proto_expert_info(E.length) end
    end

    local detail = ""
    if interface == 9 then
        if payload > 0 then t:add(F.body, tvb(offset + UNIT_HEADER_BYTES, payload)); t:add_proto_expert_info(E.sync) end
    elseif payload > 0 and INTERFACES[interface] then
        detail = dissect_body(interface, mtype, tvb(offset + UNIT_HEADER_BYTES, payload):tvb(), pinfo, t)
    elseif payload > 0 then
        t:add(F.body, tvb(offset + UNIT_HEADER_BYTES, payload))
    end
    local info = string.format("%s %s → %s slot %s", mname, node_label(src), node_label(dst),
        tostring(tvb(offset + 12, 8):uint64()))
    if detail ~= "" then info = info .. ": " .. detail end
    return UNIT_HEADER_BYTES + payload, info, iname
end

function b5g.dissector(tvb, pinfo, tree)
    if tvb:len() < UNIT_HEADER_BYTES or tvb(0, 2):uint() ~= MAGIC then return 0 end
    local at_cap = tvb:reported_len() >= CAPTURE_UNIT_MAX_BYTES
    local infos, first_interface = {}, nil
    local offset = 0
    while offset < tvb:len() do
        local used, info, iname = dissect_unit(tvb, pinfo, tree, offset, at_cap)
        if not used then
            tree:add(b5g, tvb(offset), "Trailing bytes"):add_proto_expert_info(E.trailing)
            break
        end
        infos[#infos + 1] = info
        first_interface = first_interface or iname
        offset = offset + used
    end
    -- The JSON dissector sets the columns of the bodies it decodes: set ours last.
    pinfo.cols.protocol:set("B5G " .. (first_interface or ""))
    pinfo.cols.info:set(table.concat(infos, "; "))
    return offset
end

local function looks_like_unit(tvb)
    if tvb:len() < UNIT_HEADER_BYTES then return false end
    if tvb(0, 2):uint() ~= MAGIC or tvb(2, 1):uint() ~= VERSION then return false end
    if not INTERFACES[tvb(3, 1):uint()] then return false end
    return tvb(24, 4):uint() <= tvb:reported_len() - UNIT_HEADER_BYTES
end

-- UDP ports of the project's interfaces in captures (Sources/Interfaces/CaptureFraming.swift);
-- 37700 is the framing's fallback port. Units elsewhere on UDP are found by their header.
local DEFAULT_PORTS = "36421,37700-37710"
b5g.prefs.udp_ports = Pref.range("UDP ports", DEFAULT_PORTS, "UDP ports that carry B5GEmu units", 65535)
local registered_ports = DEFAULT_PORTS
local udp_port = DissectorTable.get("udp.port")
udp_port:add(registered_ports, b5g)

function b5g.prefs_changed()
    if b5g.prefs.udp_ports ~= registered_ports then
        udp_port:remove(registered_ports, b5g)
        registered_ports = b5g.prefs.udp_ports
        udp_port:add(registered_ports, b5g)
    end
end

b5g:register_heuristic("udp", function(tvb, pinfo, tree)
    if not looks_like_unit(tvb) then return false end
    b5g.dissector(tvb, pinfo, tree)
    return true
end)

---------------------------------------------------------------------------------------------
-- User packets inside GTP-U (UDP 5001, to or from the data network 10.46.0.1)
---------------------------------------------------------------------------------------------

local DATA_NETWORK = "10.46.0.1"
local USER_PORT = 5001

b5g_user:register_heuristic("udp", function(tvb, pinfo, tree)
    if pinfo.src_port ~= USER_PORT or pinfo.dst_port ~= USER_PORT or tvb:len() < 24 then return false end
    if tostring(pinfo.net_src) ~= DATA_NETWORK and tostring(pinfo.net_dst) ~= DATA_NETWORK then return false end
    local t = tree:add(b5g_user, tvb(0, 24))
    t:add(U.ue, tvb(0, 4)); t:add(U.seq, tvb(4, 4)); t:add(U.created, tvb(8, 8)); t:add(U.wall, tvb(16, 8))
    local synthetic = tvb:reported_len() - 24
    if synthetic > 0 then t:add(U.synthetic, synthetic):set_generated() end
    t:append_text(string.format(", UE %d, packet %d", tvb(0, 4):uint(), tvb(4, 4):uint()))
    pinfo.cols.protocol:set("B5G user")
    pinfo.cols.info:set(string.format("UE %d packet %d, %d bytes", tvb(0, 4):uint(), tvb(4, 4):uint(), tvb:reported_len()))
    return true
end)

---------------------------------------------------------------------------------------------
-- Every frame: node names from the MAC addresses, and the air frame inside U-plane IQ data
---------------------------------------------------------------------------------------------

-- Capture MACs are 02:00 followed by (node index + 1) as 4 bytes (Sources/Interfaces/CaptureFraming.swift).
local function mac_node(tvb, offset)
    if tvb(offset, 2):uint() ~= 0x0200 then return nil end
    local v = tvb(offset + 2, 4):uint()
    if v == 0 then return nil end
    return v - 1
end

local ECPRI_ETHERTYPE = 0xAEFE
-- Ethernet (14) + eCPRI common header (4) + ecpriPcid/ecpriSeqid (4) + O-RAN U-plane timing
-- header (4) + section header (4): the IQ field, which carries the air frame, starts here.
local UPLANE_IQ_OFFSET = 30

function b5g_node.dissector(tvb, pinfo, tree)
    if tvb:len() < 14 then return end
    local src, dst = mac_node(tvb, 6), mac_node(tvb, 0)
    if src == nil or dst == nil then return end
    do
        local t = tree:add(b5g_node, tvb(0, 12))
        t:set_generated()
        local function add(field_name, field_role, index, mac_offset)
            local name = node_label(index)
            local role = index == 0xFFFF and "launcher" or (nodes[index] and nodes[index].role or "")
            t:add(field_name, tvb(mac_offset, 6), name):set_generated()
            t:add(field_role, tvb(mac_offset, 6), role):set_generated()
            t:add(N.name, tvb(mac_offset, 6), name):set_generated():set_hidden()
        end
        add(N.src, N.src_role, src, 6)
        add(N.dst, N.dst_role, dst, 0)
        t:add(N.src_index, tvb(6, 6), src):set_generated()
        t:add(N.dst_index, tvb(0, 6), dst):set_generated()
        if scenario_name then t:add(N.scenario, scenario_name):set_generated() end
        t:append_text(string.format(": %s -> %s", node_label(src), node_label(dst)))
    end
    -- An eCPRI IQ data message (type 0) of revision 1: the O-RAN U-plane whose IQ field is an air frame.
    if tvb:len() > UPLANE_IQ_OFFSET and tvb(12, 2):uint() == ECPRI_ETHERTYPE
        and math.floor(tvb(14, 1):uint() / 16) == 1 and tvb(15, 1):uint() == 0 then
        local summary = dissect_air_frame(tvb(UPLANE_IQ_OFFSET):tvb(), pinfo, tree, "B5GEmu air frame (U-plane IQ field)", true)
        pinfo.cols.info:append(" [" .. summary .. "]")
    end
end

register_postdissector(b5g_node)
