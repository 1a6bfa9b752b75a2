// 强制登录: ask for the person's profile; if they say no, carry on without it.
Page({
  data: { user: null, profileShared: false, refused: false, error: null },

  // <button bindtap="onAuthorize" data-sync="overwrite">同步抖音头像昵称</button>
  onAuthorize(e) {
    const syncUserProfile = e.currentTarget.dataset.sync // overwrite, setnx (the default) or false
    return tt.BaaS.auth.loginWithTt({ forceLogin: true, syncUserProfile }).then(user => {
      // user 包含用户完整信息
      this.currentUser = user
      this.setData({ user: summary(user), profileShared: true, refused: false })
    }, err => {
      if (!isRefusal(err)) return this.setData({ error: { code: err.code, message: err.message } })
      // 用户拒绝授权: log in silently, so the app still works without the profile
      tt.showToast({ title: '未授权，将以游客身份继续', icon: 'none' })
      this.setData({ refused: true, profileShared: false })
      return tt.BaaS.auth.loginWithTt().then(user => {
        this.currentUser = user
        this.setData({ user: summary(user) })
      })
    })
  },

  // <input bindconfirm="onRename" placeholder="昵称" />
  onRename(e) {
    return this.currentUser.set('nickname', e.detail.value).update().then(res => {
      this.setData({ user: summary(res.data) })
    })
  },
})

// The docs describe a refusal as HError 603 (with id and openid); the SDK itself passes on
// tt.getUserInfo's fail object ({errMsg: 'getUserInfo:fail auth deny'}). Handle both.
function isRefusal(err) {
  return err.code === 603 || /auth deny/.test(err.errMsg || '')
}

function summary(user) {
  return { id: user.id, nickname: user.nickname, avatar: user.avatar }
}
