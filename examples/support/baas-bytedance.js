/*
 * STAND-IN for the ByteDance build of the 知晓云 SDK (tt.BaaS), for the examples only.
 *
 * The ByteDance build is not published on npm (minapp-sdk ships the WeChat and web builds), so the
 * examples load this file instead. It is written from tt-baas-mock's contract, not copied from the
 * SDK, and covers only the auth calls the examples use. For those it sends the requests the SDK sends
 * (paths, headers, bodies: contract B2, C1–C4, E2, E5), keeps the session under the same storage keys
 * (B8), logs in again on a 401 with autoLogin (B9), shares concurrent calls (B10) and rejects with the
 * same errors (B6, G). Like the SDK file it is a UMD script that expects a global `tt`: load it after
 * installTt(), and it puts itself on tt.BaaS.
 */
;(function (root, factory) {
  var BaaS = factory()
  if (typeof module === 'object' && module && module.exports) module.exports = BaaS
})(this, function () {
  'use strict'

  var VERSION = 'v3.23.3'
  var API = {
    SILENT_LOGIN: '/hserve/v2.5/idp/bytedance/silent-login/',
    AUTHENTICATE: '/hserve/v2.5/idp/bytedance/authenticate/',
    USER_ASSOCIATION: '/hserve/v2.4/idp/bytedance/user-association/',
    LOGIN: '/hserve/v2.1/login/:kind/',
    LOGOUT: '/hserve/v2.0/session/destroy/',
    USER_DETAIL: '/hserve/v2.5/user/info/:userID/',
    UPDATE_USER: '/hserve/v2.5/user/info/',
    LATEST_VERSION: '/hserve/v1/latest-sdk-version/',
  }
  var ERROR_TEXT = {
    600: 'network disconnected', 601: 'request timeout', 602: 'uninitialized', 603: 'unauthorized',
    604: 'session missing', 605: 'incorrect parameter type', 612: 'anonymous user is not allowed',
  }
  var BUILT_IN = ['id', 'created_at', 'created_by', 'updated_at', 'country', 'nickname', 'province', 'city',
    'language', 'openid', 'unionid', 'avatar', 'is_authorized', 'gender']
  var SYNC_VALUES = ['overwrite', 'setnx', 'false']

  // Read once, when the file loads; without appName this throws, as the SDK does (contract A7).
  var SYSTEM = tt.getSystemInfoSync()
  var APP_NAME = SYSTEM.appName.toLowerCase()

  var config = { clientID: null, host: null, env: null, autoLogin: false }

  /** A plain Error with `code` and the message "<code>: <text>" (contract B6). */
  function HError(code, text) {
    var error = new Error(code + ': ' + (text || ERROR_TEXT[code] || 'unknown error'))
    error.code = code
    return error
  }

  var storage = {
    get: function (key) { return tt.getStorageSync('ifx_baas_' + key) },
    set: function (key, value) { tt.setStorageSync('ifx_baas_' + key, value) },
  }

  /** Concurrent calls share the first call's promise until it settles (contract B10). */
  function rateLimit(fn) {
    var pending = null
    return function () {
      if (pending) return pending
      var self = this
      var args = arguments
      pending = new Promise(function (resolve) { resolve(fn.apply(self, args)) }).then(
        function (value) { pending = null; return value },
        function (error) { pending = null; throw error })
      return pending
    }
  }

  function init(clientID, options) {
    options = options || {}
    config.clientID = clientID
    config.host = options.host || 'https://' + clientID + '.myminapp.com'
    config.env = options.env || null
    config.autoLogin = !!options.autoLogin
    if (SYSTEM.platform === 'devtools') checkVersion()
  }

  // The SDK checks "within the last day" with last − now, which is never positive: once a check is
  // stored it never checks again (contract E12). The SDK leaves a failure unhandled; this one ignores it.
  function checkVersion() {
    if (storage.get('latest_version_check_milliseconds')) return
    storage.set('latest_version_check_milliseconds', Date.now())
    request({ url: API.LATEST_VERSION }).then(function () {}, function () {})
  }

  function mergeRequestHeader(header) {
    var merged = Object.assign({}, header, {
      'X-Hydrogen-Client-ID': config.clientID,
      'X-Hydrogen-Client-Version': VERSION,
      'X-Hydrogen-Client-Platform': 'BYTEDANCE',
      'X-Hydrogen-Client-SDK-Type': 'file',
    })
    if (config.env) merged['X-Hydrogen-Env-ID'] = config.env
    var token = storage.get('auth_token')
    if (token) merged.Authorization = 'Hydrogen-r1 ' + token
    return merged
  }

  /** A transport failure is 600 when the device has no network, else 601 (contract B7). */
  function rejectNetworkError(reject) {
    tt.getNetworkType({ success: function (res) { reject(HError(res.networkType === 'none' ? 600 : 601)) } })
  }

  function send(options) {
    return new Promise(function (resolve, reject) {
      if (!config.clientID) return reject(HError(602))
      tt.request({
        method: options.method || 'GET',
        url: config.host.replace(/\/+$/, '') + '/' + options.url.replace(/^\/+/, ''),
        data: options.data || {},
        header: mergeRequestHeader(options.header),
        dataType: 'json',
        success: resolve,
        fail: function () { rejectNetworkError(reject) },
      })
    })
  }

  /** 2xx passes; anything else is HError(status, message) (contract B5, B6). */
  function validateStatusCode(res) {
    var status = res.status || res.statusCode
    if (status >= 200 && status < 300) return res
    var message = status === 404 ? 'not found' : res.data.error_msg || res.data.message || ''
    throw HError(status, message)
  }

  function request(options) {
    return send(options).then(validateStatusCode)
  }

  /** With autoLogin: log in first, and on a 401 log in again and resend once (contract B9). */
  function baasRequest(options) {
    var ready = config.autoLogin ? silentLogin() : Promise.resolve()
    return ready.then(function () { return send(options) }).then(function (res) {
      if (res.statusCode !== 401 || !config.autoLogin) return validateStatusCode(res)
      if (storage.get('auth_token')) clearSession()
      return silentLogin().then(function () { return send(resendPayload(options)) }).then(validateStatusCode)
    })
  }

  function resendPayload(options) {
    var isUserDetail = (options.method || 'GET') === 'GET' && /^\/hserve\/v2\.5\/user\/info\/[^/]+\/$/.test(options.url)
    return isUserDetail ? Object.assign({}, options, { url: API.USER_DETAIL.replace(':userID', storage.get('uid')) }) : options
  }

  function nowSeconds() { return Math.floor(Date.now() / 1000) }

  function isSessionExpired() {
    var expiresAt = storage.get('session_expires_at')
    return !expiresAt || nowSeconds() >= expiresAt
  }

  /** handleLoginSuccess (contract B8): what the SDK keeps from any login answer. */
  function storeSession(data, ttUserInfo) {
    storage.set('uid', data.user_id)
    storage.set('auth_token', data.token)
    storage.set('openid', data.openid || '')
    storage.set('session_expires_at', nowSeconds() + data.expires_in - 30)
    storage.set('is_anonymous_user', 0)
    if (data.openid) {
      storage.set('userinfo', Object.assign({}, storage.get('userinfo') || {}, ttUserInfo || {}, { id: data.user_id, openid: data.openid }))
    }
  }

  function clearSession() {
    ['auth_token', 'uid', 'userinfo', 'is_anonymous_user', 'is_logined_baas'].forEach(function (key) { storage.set(key, '') })
  }

  /** flatAuthResponse (contract C1): user_info, then the top level over it; user_id from user_info.id. */
  function flatAuthResponse(data) {
    return Object.assign({}, data.user_info, data, { user_id: data.user_info.id })
  }

  function getLoginCode() {
    return new Promise(function (resolve, reject) {
      tt.login({ force: true, success: function (res) { resolve(res.code) }, fail: function () { rejectNetworkError(reject) } })
    })
  }

  // A refusal rejects with tt's own fail object: the SDK builds no HError 603 on this path (contract D).
  function getUserInfo() {
    return new Promise(function (resolve, reject) {
      tt.getUserInfo({ withCredentials: true, success: resolve, fail: reject })
    })
  }

  function updateUserProfileParam(value) {
    return SYNC_VALUES.indexOf(value) >= 0 ? value : 'setnx'
  }

  var silentLogin = rateLimit(function (options) {
    if (storage.get('auth_token') && !isSessionExpired()) return Promise.resolve()
    var createUser = options && options.createUser !== undefined ? options.createUser : true
    return getLoginCode().then(function (code) {
      return request({ url: API.SILENT_LOGIN, method: 'POST', data: { create_user: createUser, app_name: APP_NAME, code: code } })
    }).then(function (res) {
      storeSession(flatAuthResponse(res.data))
      return res
    })
  })

  function forceLogin(options) {
    var createUser = options.createUser !== undefined ? options.createUser : true
    return getLoginCode().then(function (code) {
      return getUserInfo().then(function (info) {
        return request({
          url: API.AUTHENTICATE,
          method: 'POST',
          data: {
            code: code, app_name: APP_NAME, create_user: createUser,
            rawData: info.rawData, signature: info.signature, encryptedData: info.encryptedData, iv: info.iv,
            update_userprofile: updateUserProfileParam(options.syncUserProfile),
          },
        }).then(function (res) {
          storeSession(flatAuthResponse(res.data), info.userInfo)
          return currentUser(res.data.user_info)
        })
      })
    })
  }

  /** A fresh login builds the current user from user_info; a stored session fetches it (contract C4). */
  var loginWithTt = rateLimit(function (options) {
    options = options || {}
    if (options.forceLogin) return forceLogin(options)
    return silentLogin(options).then(function (res) { return res ? currentUser(res.data.user_info) : getCurrentUser() })
  })

  var getCurrentUser = rateLimit(function () {
    var uid = storage.get('uid')
    if (!uid || !storage.get('session_expires_at') || isSessionExpired()) return Promise.reject(HError(604))
    return baasRequest({ url: API.USER_DETAIL.replace(':userID', uid) }).then(function (res) { return currentUser(res.data) })
  })

  /** Phone, then email, then username; exactly two fields (contract E1, E2). */
  var login = rateLimit(function (account) {
    account = account || {}
    var kind = account.phone ? 'phone' : account.email ? 'email' : 'username'
    var data = {}
    data[kind] = kind === 'username' ? account.username || '' : account[kind]
    data.password = account.password
    return request({ url: API.LOGIN.replace(':kind', kind), method: 'POST', data: data }).then(function (res) {
      storeSession(res.data)
      return getCurrentUser()
    })
  })

  function logout() {
    return request({ url: API.LOGOUT, method: 'POST' }).then(function (res) {
      clearSession()
      return res
    })
  }

  var linkTt = rateLimit(function (user, options) {
    options = options || {}
    if (user._anonymous) return Promise.reject(HError(612))
    return getLoginCode().then(function (code) {
      if (!options.forceLogin) return { code: code, app_name: APP_NAME }
      return getUserInfo().then(function (info) {
        return {
          code: code, app_name: APP_NAME, rawData: info.rawData, signature: info.signature,
          encryptedData: info.encryptedData, iv: info.iv, update_userprofile: updateUserProfileParam(options.syncUserProfile),
        }
      })
    }).then(function (data) {
      return baasRequest({ url: API.USER_ASSOCIATION, method: 'POST', data: data })
    })
  })

  /** currentUser: `_` fields and built-in fields as properties, the rest through get() (contract F). */
  function currentUser(record) {
    if (typeof record !== 'object' || record === null) return HError(605)
    var attributes = Object.assign({}, record)
    var changes = {}
    var user = {
      get: function (key) { return attributes[key] },
      toJSON: function () { return Object.assign({}, attributes) },
      set: function (key, value) { changes[key] = value; return user },
      update: function () {
        var data = changes
        changes = {}
        return baasRequest({ url: API.UPDATE_USER, method: 'PUT', data: data })
      },
      linkTt: function (options) { return linkTt(user, options) },
    }
    Object.keys(record).forEach(function (key) {
      if (key.charAt(0) === '_' || BUILT_IN.indexOf(key) >= 0) user[key] = record[key]
    })
    user.user_id = record.id
    user.session_expires_at = storage.get('session_expires_at')
    return user
  }

  var BaaS = {
    VERSION: VERSION,
    init: init,
    request: request,
    _baasRequest: baasRequest,
    auth: {
      loginWithTt: loginWithTt,
      silentLogin: silentLogin,
      login: login,
      logout: logout,
      getCurrentUser: getCurrentUser,
    },
  }
  tt.BaaS = BaaS
  return BaaS
})
